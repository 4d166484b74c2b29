from rest_framework.authtoken.views import ObtainAuthToken


class ObtainTokenView(ObtainAuthToken):
    """`POST {username, password}` → `{token}`; use it as `Authorization: Token <token>`."""
