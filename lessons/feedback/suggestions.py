"""投诉建议: a parent's complaint or suggestion, with a contact only if they choose to leave one."""

from django import forms
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from ..caching import cache_publicly
from ..models import Suggestion
from ..models.feedback import CONTACT_MAX_CHARS, SUGGESTION_MAX_CHARS
from .checks import Refused, check_post, refusal, thanks

MAX_BODY_BYTES = 16 * 1024  # 1,000 characters and a contact, percent-encoded


class SuggestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=Suggestion.Kind.choices,
        initial=Suggestion.Kind.SUGGESTION,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Please choose complaint or suggestion."),
            "invalid_choice": gettext_lazy("Please choose complaint or suggestion."),
        },
    )
    text = forms.CharField(
        label=gettext_lazy("What would you like to tell us?"),
        max_length=SUGGESTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": gettext_lazy("Please write what you would like to tell us."),
            "max_length": gettext_lazy("The text may have at most 1,000 characters."),
            "null_characters_not_allowed": gettext_lazy("The text contains invalid characters."),
        },
    )
    contact = forms.CharField(
        label=gettext_lazy("Contact (optional)"),
        required=False,
        max_length=CONTACT_MAX_CHARS,
        help_text=gettext_lazy(
            "A phone number or e-mail address, only if you would like an answer. It is used "
            "for nothing else and never shown publicly. Leave it empty to stay anonymous."
        ),
        error_messages={
            "max_length": gettext_lazy("The contact may have at most 100 characters."),
            "null_characters_not_allowed": gettext_lazy("The contact contains invalid characters."),
        },
    )


def parse_suggestion(data) -> dict:
    form = SuggestionForm(data)
    if not form.is_valid():
        raise Refused(next(iter(form.errors.values()))[0])
    return form.cleaned_data


def record_suggestion(kind: str, text: str, contact: str = "") -> Suggestion:
    return Suggestion.objects.create(kind=kind, text=text, contact=contact)


@csrf_exempt
def suggestions(request):
    """GET: the form (the same for everyone, cached publicly). POST: store it, say thanks."""
    if request.method in ("GET", "HEAD"):
        response = TemplateResponse(
            request, "lessons/feedback/suggestions.html", {"form": SuggestionForm()}
        )
        return cache_publicly(response)
    try:
        if request.method != "POST":
            raise Refused(_("Please send this form from the page."), status=405)
        fields = parse_suggestion(check_post(request, MAX_BODY_BYTES))
    except Refused as error:
        return refusal(request, error, request.path)
    record_suggestion(fields["kind"], fields["text"], fields["contact"])
    return thanks(request, _("Thank you. The education bureau will read it."), "/")
