"""A parent's tap on weak links: time to first frame, stalls, bytes before and after the tap,
and the rung played, for each way a phone plays a lesson, on each link profile.

    .venv/bin/python bench/weak_network.py                       # all paths, all links (~15 min)
    .venv/bin/python bench/weak_network.py --links 3g --paths native,hlsjs --play 30

Makes a 60 s lesson (640×360 with noise, so the encoders spend their whole budget), runs it
through the real pipeline into a throwaway SQLite site (temp directory, removed at the end),
serves it with `manage.py runserver` (the demo's server) and opens it in headless Chromium
throttled by DevTools (tests/media_pipeline/weak_network/: the same measurement the browser
test uses). Paths: native HLS, hls.js (cold, and cached by an earlier lesson), progressive
MP4 (no MSE), audio only. Links: 3G 400 kbit/s 400 ms, 4G-poor 1.6 Mbit/s 150 ms, 2G
100 kbit/s 600 ms.

The baseline in the same run is the link itself: "link use" is the bytes fetched after the tap
per second played, as a share of the link's throughput (above 1.0 a path cannot keep up).
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--links", default="3g,4g-poor,2g")
    parser.add_argument("--paths", default="native,hlsjs,hlsjs-cached,mp4,audio")
    parser.add_argument("--play", type=float, default=60.0, help="seconds to watch after the tap")
    parser.add_argument("--seconds", type=int, default=60, help="length of the lesson")
    args = parser.parse_args()

    from tests.media_pipeline.weak_network import LINKS, demo_lesson, measure

    with demo_lesson(args.seconds) as (url, lesson):
        print(f"lesson {lesson}: {args.seconds} s, 640x360 with noise; watch {args.play:g} s")
        print(f"load average at start: {os.getloadavg()[0]:.2f}")
        for link_key in args.links.split(","):
            link = LINKS[link_key]
            for path in args.paths.split(","):
                cached = path.endswith("-cached")
                path = path.removesuffix("-cached")
                result = measure(url, lesson, path, link, args.play, hlsjs_cached=cached)
                use = result.bytes_after_tap * 8 / 1000 / max(result.played_s, 0.1) / link.kbit
                print(f"{result.row()}  link use {use:.2f}", flush=True)
        print(f"load average at end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
