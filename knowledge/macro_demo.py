"""Demo macros (``manage.py seed_demo``): ``/fr1``, the first response asking for details, in
English and in Spanish (a Spanish ticket gets the Spanish one), for everyone; both set the
ticket Pending and tag it ``needs-details`` when the reply is sent; and ``/thanks``, text only.

Idempotent: a macro whose shortcut and language exist is left alone. Written through the
services, as the lead."""

from django.contrib.auth import get_user_model
from django.db import transaction

from tickets.states import Language

from .macro_models import Macro, MacroScope, MacroStatus
from .services import macros as services

# The email of a reply already greets the customer and signs with the agent's name and
# signature: the demo texts name them inside their sentences instead.
FIRST_RESPONSE_EN = """Thank you for ticket #{{ ticket.number }}, "{{ ticket.subject }}", \
{{ customer.first_name }}. I am {{ agent.name }} and I am looking into it for \
{{ organization.name }}. To find the cause quickly I need a few details:

1. The page address where it happens.
2. What you did just before, step by step.
3. The exact error message or a screenshot.

Reply to this email and I pick it up at once."""

FIRST_RESPONSE_ES = """Gracias por el ticket #{{ ticket.number }}, "{{ ticket.subject }}", \
{{ customer.first_name }}. Soy {{ agent.name }} y lo estoy revisando para \
{{ organization.name }}. Para encontrar la causa rápidamente necesito algunos datos:

1. La dirección de la página donde ocurre.
2. Qué hizo justo antes, paso a paso.
3. El mensaje de error exacto o una captura de pantalla.

Responda a este correo y lo retomo enseguida."""

THANKS_EN = """Glad it works again, {{ customer.first_name }}. If anything about ticket \
#{{ ticket.number }} comes back, just reply here."""

DEMO = [
    {
        "name": "First response: ask for details",
        "shortcut": "fr1",
        "language": Language.ENGLISH,
        "body": FIRST_RESPONSE_EN,
        "set_status": MacroStatus.SET_PENDING,
        "add_tags": "needs-details",
    },
    {
        "name": "Primera respuesta: pedir detalles",
        "shortcut": "fr1",
        "language": Language.SPANISH,
        "body": FIRST_RESPONSE_ES,
        "set_status": MacroStatus.SET_PENDING,
        "add_tags": "needs-details",
    },
    {
        "name": "Thanks, it works again",
        "shortcut": "thanks",
        "language": Language.ENGLISH,
        "body": THANKS_EN,
    },
]


@transaction.atomic
def seed_demo() -> str:
    lead = get_user_model().objects.filter(username="lead").first()
    if lead is None:
        return "Macros: no demo lead yet; run the tickets demo first."
    created = 0
    for spec in DEMO:
        if Macro.objects.filter(shortcut=spec["shortcut"], language=spec["language"]).exists():
            continue
        services.create_macro(actor=lead, scope=MacroScope.EVERYONE, **spec)
        created += 1
    return f"Macros: {created} created, {Macro.objects.count()} in all."
