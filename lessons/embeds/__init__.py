"""Lessons on other sites: the embeddable player page (/embed/<id>/), oEmbed (/oembed/), the
<iframe> snippet editors copy from the admin, and the discovery links in the pages' heads.

See docs/embeds-and-feeds.md.
"""
