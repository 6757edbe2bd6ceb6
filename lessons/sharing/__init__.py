"""Share cards: what a link to the site shows in WeChat, QQ and other apps (docs/sharing.md).

- cards: the title, description, canonical URL and images of every page (og:*, microdata);
- images, render, design: the share image of a lesson (its cover, else its title drawn on
  the site's design with Pillow), stored once per content in the default storage;
- wechat: the optional WeChat JS-SDK signature and its cached jsapi_ticket;
- views, urls: the image, manifest and WeChat config endpoints;
- make_icons: writes the committed site icons (run once by hand).
"""
