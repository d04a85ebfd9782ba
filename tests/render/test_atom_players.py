"""Player iframes in the Atom feeds become a link: feed readers drop iframes (the W3C feed
validator warns on them), which left an empty spot where the post had its episode."""

from __future__ import annotations

from pipeline.render.atom import players_as_links

PLAYER = (
    '<iframe width="100%" height="166" allow="autoplay" '
    'src="https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/tracks/1&amp;a=b">'
    "</iframe>"
)


def test_a_player_becomes_a_link_to_the_episode_page() -> None:
    html = f"<p>Voor.</p>{PLAYER}<p>Na.</p>"
    assert players_as_links(html, "https://x.example/episodes/1?a=b&c", "Luister") == (
        '<p>Voor.</p><p><a href="https://x.example/episodes/1?a=b&amp;c">Luister</a></p><p>Na.</p>'
    )


def test_without_an_episode_the_link_opens_the_player() -> None:
    assert players_as_links(PLAYER + PLAYER, None, "Listen & more") == 2 * (
        '<p><a href="https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/'
        'tracks/1&amp;a=b">Listen &amp; more</a></p>'
    )


def test_text_without_a_whole_player_is_left_as_it_is() -> None:
    for html in ("<p>Geen speler.</p>", "<iframe src='x'>", "<p>&lt;iframe&gt;</p>"):
        assert players_as_links(html, None, "Luister") == html
    many = "<iframe" * 50_000  # one pass of find, whatever the input
    assert players_as_links(many, None, "Luister") == many
