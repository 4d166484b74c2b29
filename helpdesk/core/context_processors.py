from . import roles as role_checks


def roles(request):
    user = request.user
    return {"is_agent": role_checks.is_agent(user), "is_lead": role_checks.is_lead(user)}
