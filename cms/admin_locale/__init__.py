"""The Wagtail admin in Simplified Chinese: our translations of the admin strings Wagtail's own
zh_Hans catalogs lack (locale/, a LOCALE_PATHS entry) and the tooling that finds them (catalog)."""
