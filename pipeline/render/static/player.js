// Chapter and transcript timestamps: a button with data-seek="SECONDS" and
// data-player="AUDIO-ID" moves that <audio> element there and plays. Buttons are native
// <button>s, so Enter and Space work from the keyboard as well as clicks and taps.
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("[data-seek]") : null;
  if (!button) return;
  var audio = document.getElementById(button.getAttribute("data-player"));
  var start = parseFloat(button.getAttribute("data-seek"));
  if (!audio || isNaN(start)) return;
  event.preventDefault();
  function seek() {
    audio.currentTime = start;
    var playing = audio.play();
    if (playing && playing.catch) playing.catch(function () {});
  }
  if (audio.readyState >= 1) {
    seek();
  } else {
    audio.addEventListener("loadedmetadata", seek, { once: true });
    audio.preload = "metadata";
    audio.load();
  }
});
