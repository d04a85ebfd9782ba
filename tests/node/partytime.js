// Reads a feed file with podcast-partytime (a real Podcasting 2.0 client library) and
// prints, as JSON, what it understood: the channel and each item, keyed by GUID.
// Usage: node partytime.js FEED.xml
"use strict";
process.env.PARTYTIME_LOG = "silent"; // its logger writes to stdout: keep stdout JSON only
const fs = require("fs");
const { parseFeed } = require("podcast-partytime");

const xml = fs.readFileSync(process.argv[2], "utf8");
const feed = parseFeed(xml, { allowMissingGuid: false });
if (!feed) {
  process.stderr.write("podcast-partytime could not read the feed\n");
  process.exit(1);
}
const pick = (obj, keys) =>
  Object.fromEntries(keys.filter((k) => obj[k] !== undefined).map((k) => [k, obj[k]]));
const channel = pick(feed, [
  "title", "guid", "medium", "license", "podcastLocation", "podcastImages", "podcastTxt",
  "value", "podroll", "podcastPublisher", "trailers", "locked", "funding", "podcastPeople",
  "itunesBlock", "itunesComplete", "itunesNewFeedUrl", "podcastBlocked",
]);
const items = {};
for (const item of feed.items) {
  items[item.guid] = pick(item, [
    "title", "enclosure", "alternativeEnclosures", "license", "podcastLocation",
    "podcastImages", "podcastTxt", "value", "podcastSocialInteraction", "podcastChapters",
    "podcastSoundbites", "podcastPeople", "podcastTranscripts",
  ]);
}
process.stdout.write(JSON.stringify({ channel, items, pc20support: feed.pc20support }, null, 2));
