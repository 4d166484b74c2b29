"""The knowledge base's pages: the desk's (``desk``: agents, every state) and the public help
centre's (``public``: no sign-in, public published articles only). Every page works without
JavaScript; htmx only spares a reload."""
