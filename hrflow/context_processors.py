from hrflow import roles


def hrflow(request):
    user = getattr(request, "user", None)
    return {
        "is_clerk": roles.has_role(user, roles.CLERK),
        "is_executive": roles.has_role(user, roles.EXECUTIVE),
        "is_auditor": roles.has_role(user, roles.AUDITOR),
        "is_admin": roles.has_role(user, roles.ADMIN),
        "current_employee": getattr(user, "employee", None)
        if user and user.is_authenticated
        else None,
    }
