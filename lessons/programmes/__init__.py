"""The yearly and weekly programmes: this week's cloud-classroom episode (网上云课堂) and its
audio feed for radio and village loudspeakers, the start-of-school first lessons (家长开学第一课)
and the editors' checklist of them. Their page models are in lessons.models."""
