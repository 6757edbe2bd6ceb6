"""The demo's programme pages live in the city's section."""

from lessons.models import Organisation


def city_programme(model, **fields):
    """The city's programme page of this model (created the first time)."""
    city = Organisation.objects.get(parent=None, code="city")
    return model.for_section(city.section, **fields)
