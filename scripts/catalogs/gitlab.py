#!/usr/bin/env python3
"""Generates the built-in GitLab catalog from the reference table stored beside it.

    python3 scripts/catalogs/gitlab.py            # writes catalogs/gitlab.json
    python3 scripts/catalogs/gitlab.py --check    # exit 1 if the file is not what it makes

The reference table (`catalogs/reference/gitlab-scopes.tsv`) is GitLab's scope table transcribed
as data, with its source URL, commit and licence (CC BY-SA 4.0) in its header. What this script
adds is Scopekeeper's own modelling, each choice stated in the catalog's `source` fields: the
scope groups, which scope implies or needs another, which count as elevated, the role of a group
or project token as a scope of its own, the three key kinds and their policies.
"""
from common import rows, write_or_check


SCOPES_URL = "https://docs.gitlab.com/security/tokens/access_token_scopes/"
PAT_URL = "https://docs.gitlab.com/user/profile/personal_access_tokens/"
PAT_API_URL = "https://docs.gitlab.com/api/personal_access_tokens/"
PROJECT_API_URL = "https://docs.gitlab.com/api/project_access_tokens/"
GROUP_API_URL = "https://docs.gitlab.com/api/group_access_tokens/"
ROLES_URL = "https://docs.gitlab.com/user/permissions/"
GLAB_URL = "https://gitlab.com/gitlab-org/cli/-/blob/main/README.md"

GROUPS = {
    "api": ("API", "The REST and GraphQL API within the token's reach."),
    "repository": ("Repository", "Git over HTTP and the repository files API."),
    "registry": ("Registries", "The container registry and the dependency proxy's virtual registry."),
    "runners": ("Runners and clusters", "CI/CD runners and the agent for Kubernetes."),
    "admin": ("Administration", "Instance administration; personal tokens of administrators only."),
    "other": ("Other", "GitLab Duo, and a token's rotation of itself."),
    "role": ("Role", "A group or project token acts as a bot member with this role; its scopes reach only what the role may do."),
}
GROUP_OF = {
    "api": "api", "read_api": "api", "read_user": "api",
    "read_repository": "repository", "write_repository": "repository",
    "read_registry": "registry", "write_registry": "registry",
    "read_virtual_registry": "registry", "write_virtual_registry": "registry",
    "create_runner": "runners", "manage_runner": "runners", "k8s_proxy": "runners",
    "admin_mode": "admin", "sudo": "admin", "read_service_ping": "admin",
    "ai_features": "other", "self_rotate": "other",
}
NAMES = {
    "api": "API (read and write)", "read_api": "Read API", "read_user": "Read user",
    "read_repository": "Read repository", "write_repository": "Write repository",
    "read_registry": "Read registry", "write_registry": "Write registry",
    "read_virtual_registry": "Read virtual registry", "write_virtual_registry": "Write virtual registry",
    "create_runner": "Create runner", "manage_runner": "Manage runner", "k8s_proxy": "Kubernetes proxy",
    "admin_mode": "Admin Mode", "sudo": "Sudo", "read_service_ping": "Read Service Ping",
    "ai_features": "AI features", "self_rotate": "Rotate itself",
}
# A broader scope includes a narrower one: Scopekeeper's reading of the table's descriptions.
IMPLIES = {
    "api": ["read_api"],
    "write_repository": ["read_repository"],
    "write_virtual_registry": ["read_virtual_registry"],
}
REQUIRES = {
    "write_registry": ("read_registry", "group and project access tokens also need read_registry to push images"),
}
ELEVATED = {
    "api": "complete read and write access to everything the token reaches (GitLab's own advice is to prefer a narrower scope)",
    "sudo": "acts as any user of the instance",
    "admin_mode": "administrator actions while Admin Mode is on",
}
# (id, name, access_level, what it adds, implies, elevated reason)
ROLES = [
    ("role:guest", "Guest", 10, "Views the project or group and its issues; cannot read code in private projects.", [], None),
    ("role:planner", "Planner", 15, "Plans work: issues, epics, milestones, wikis; no code access.", ["role:guest"], None),
    ("role:reporter", "Reporter", 20, "Reads code, pipelines and packages.", ["role:guest"], None),
    ("role:developer", "Developer", 30, "Pushes to unprotected branches, runs pipelines, publishes packages and images.", ["role:reporter"], None),
    ("role:maintainer", "Maintainer", 40, "Pushes to protected branches, changes CI/CD variables, settings and members below Maintainer.", ["role:developer"],
     "can change protected branches, CI/CD variables and settings; GitLab's default role for a new token"),
    ("role:owner", "Owner", 50, "Everything, including deleting the project or group and managing every member.", ["role:maintainer"],
     "can delete the project or group and manage every member"),
]


def table():
    return rows("gitlab-scopes.tsv")


def scopes():
    out = []
    for scope, personal, group, project, description in table():
        s = {"id": scope, "name": NAMES[scope], "description": description, "group": GROUP_OF[scope]}
        notes = [f"{SCOPES_URL} (scope table)"]
        if scope in IMPLIES:
            s["implies"] = IMPLIES[scope]
            notes.append(f"implies {', '.join(IMPLIES[scope])} (Scopekeeper's reading: read and write includes read)")
        if scope in REQUIRES:
            need, why = REQUIRES[scope]
            s["requires"] = [{"scope": need, "reason": why, "source": f"{SCOPES_URL} (write_registry)"}]
        if scope in ELEVATED:
            s["elevated"] = True
            notes.append(f"elevated (Scopekeeper's choice): {ELEVATED[scope]}")
        s["source"] = "; ".join(notes)
        out.append(s)
    for sid, name, level, adds, implies, elevated in ROLES:
        s = {"id": sid, "name": f"Role: {name}", "description": f"Acts as a {name} (access_level {level}). {adds}",
             "group": "role"}
        if implies:
            s["implies"] = implies
        if sid == "role:guest":
            s["default"] = True
        if elevated:
            s["elevated"] = True
        notes = [f"access_level {level} ({PROJECT_API_URL}, {GROUP_API_URL}); what the role may do: {ROLES_URL}",
                 "a higher role includes the lower ones (Scopekeeper's reading of the role table)"]
        if sid == "role:guest":
            notes.append("ticked by default: the least a token can be (Scopekeeper's choice; GitLab's API defaults to Maintainer)")
        if elevated:
            notes.append(f"elevated (Scopekeeper's choice): {elevated}")
        s["source"] = "; ".join(notes)
        out.append(s)
    return out


def kind_scopes(column):
    return [r[0] for r in table() if r[column] == "yes"]


def kinds():
    policy = {
        "name_required": True,
        "description_supported": True,
        "expiry_required": True,
        "expiry_default_days": 30,
        "expiry_max_days": 364,
        "ip_allowlist": False,
        "min_scopes": 1,
        "env_var": "GITLAB_TOKEN",
        "key_format": "glpat-",
    }
    life = (f"an expiry date is mandatory since GitLab 16.0, at most 365 days ahead (an instance may set less), "
            f"the token ends at midnight UTC on it ({PAT_URL}), so its last day of use is at most 364 days ahead "
            f"and Scopekeeper sends the day after the last day chosen; no per-token address list; "
            f"30 days offered by default (Scopekeeper's choice); GITLAB_TOKEN as the glab CLI reads it ({GLAB_URL})")
    roles = [r[0] for r in ROLES]
    # Project tokens first: the narrowest reach, and the one GitLab recommends for automation.
    return [
        {"id": "project", "name": "Project access token",
         "description": "A bot member of one project, with the role you choose: it reaches only that project, and keeps working when its creator leaves.",
         "scopes": kind_scopes(3) + roles,
         "policy": dict(policy, source=life + f"; the role cannot exceed the creator's own ({PROJECT_API_URL})"),
         "source": PROJECT_API_URL},
        {"id": "group", "name": "Group access token",
         "description": "A bot member of one group, with the role you choose: it reaches the group's subgroups and projects, and keeps working when its creator leaves.",
         "scopes": kind_scopes(2) + roles,
         "policy": dict(policy, source=life + f"; needs the Owner role on the group ({GROUP_API_URL})"),
         "source": GROUP_API_URL},
        {"id": "personal", "name": "Personal access token",
         "description": "Acts as its user everywhere the user can reach. An administrator can make one for any user; it lasts until it expires or the user is blocked.",
         "scopes": kind_scopes(1),
         "policy": dict(policy, source=life + f"; created for a user by an administrator ({PAT_API_URL})"),
         "source": SCOPES_URL},
    ]


def presets():
    mine = "Scopekeeper's preset"
    return [
        {"id": "ci-clone", "name": "CI: clone the repository", "kind": "project",
         "scopes": ["read_repository", "role:reporter"],
         "source": f"{mine}: read_repository pulls over Git-over-HTTP; Reporter is the least role that reads code ({ROLES_URL})"},
        {"id": "image-push", "name": "CI: push container images", "kind": "project",
         "scopes": ["read_registry", "write_registry", "role:developer"],
         "source": f"{mine}: pushing needs write_registry and read_registry ({SCOPES_URL}); Developer may push images ({ROLES_URL})"},
        {"id": "read-only-api", "name": "Read-only API (dashboards, reports)", "kind": "group",
         "scopes": ["read_api", "role:reporter"],
         "source": f"{mine}: read_api reads the API without write ({SCOPES_URL})"},
        {"id": "dependency-bot", "name": "Dependency update bot (merge requests)", "kind": "project",
         "scopes": ["api", "write_repository", "role:developer"],
         "source": f"{mine}: opening merge requests needs api; pushing branches needs write_repository ({SCOPES_URL})"},
    ]


def catalog():
    return {
        "id": "gitlab",
        "vendor": "GitLab",
        "product": "GitLab access tokens",
        "homepage": "https://about.gitlab.com",
        "docs": SCOPES_URL,
        "sources": [
            {"document": "catalogs/reference/gitlab-scopes.tsv", "title": "Access token scopes",
             "url": SCOPES_URL, "date": "read 2026-12-07 (gitlabhq/gitlabhq doc/, CC BY-SA 4.0)"},
            {"document": "docs/vendors/gitlab.md", "title": "Project access tokens API",
             "url": PROJECT_API_URL, "date": "read 2026-12-07"},
            {"document": "docs/vendors/gitlab.md", "title": "Personal access tokens API",
             "url": PAT_API_URL, "date": "read 2026-12-07"},
        ],
        "drift": [
            "The project token API page marks expires_at required; the group page marks it optional. Both say a missing date becomes the maximum lifetime; Scopekeeper always sends one.",
            "An older group token API page lists roles 10–50 without Planner (15); the newer one accepts Planner.",
        ],
        "notes": [
            "A personal token acts as its user; a group or project token is a bot member with a role, and its scopes reach only what that role may do.",
            "Creating a project token needs the Maintainer role (a group token: Owner) and a personal token with the api scope.",
            "Tokens cannot be edited: rotating one revokes it and returns a new value with the same scopes and role.",
            "The token value is shown once, on create or rotate.",
        ],
        "groups": [{"id": k, "name": v[0], "description": v[1]} for k, v in GROUPS.items()],
        "key_kinds": kinds(),
        "scopes": scopes(),
        "presets": presets(),
    }


def main():
    write_or_check(catalog(), "gitlab")


if __name__ == "__main__":
    main()
