<?xml version="1.0" encoding="UTF-8"?>
{#- feed.xml as a page for people who open it in a browser (its <?xml-stylesheet?> line names
    this file); podcast apps ignore both. Rendered per show, in the show's language. -#}
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" exclude-result-prefixes="itunes">
<xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>
<xsl:template match="/">
<html lang="{{ lang }}">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta name="robots" content="noindex"/>
<title>{{ labels.feed_page_title }} · <xsl:value-of select="/rss/channel/title"/></title>
<link rel="stylesheet" href="static/style.css"/>
</head>
<body>
<header class="site">
<a class="brand" href="./"><xsl:value-of select="/rss/channel/title"/></a>
<nav aria-label="{{ show.title }}"><ul><li><a href="archive/">{{ labels.archive }}</a></li><li><a href="{{ subscribe_page }}">{{ labels.subscribe }}</a></li></ul></nav>
</header>
<main id="main" class="feed-page">
<h1>{{ labels.feed_page_title }}: <xsl:value-of select="/rss/channel/title"/></h1>
<p class="lead">{{ labels.feed_page_text }}</p>
<div class="copy-field"><input id="feed-url" type="text" readonly="readonly" value="{{ show.feed_url }}" aria-label="{{ labels.feed_url }}"/></div>
<h2>{{ labels.apps }}</h2>
{% include "_apps.html" %}
<h2>{{ labels.episodes }}</h2>
<ul class="items">
<xsl:for-each select="/rss/channel/item">
<li><a href="{link}"><xsl:value-of select="title"/></a><xsl:text> </xsl:text><time><xsl:value-of select="substring(pubDate, 6, 11)"/></time></li>
</xsl:for-each>
</ul>
</main>
</body>
</html>
</xsl:template>
</xsl:stylesheet>
