"""Demo content for `make demo` and the tests: the sections, editors, lessons (data/), generated
videos, weekly episodes, first lessons and class sessions; `site.load_demo` builds it all."""
