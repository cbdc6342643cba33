#!/usr/bin/env python3
"""Generates the built-in GitHub catalog from the reference tables stored beside it.

    python3 scripts/catalogs/github.py            # writes catalogs/github.json
    python3 scripts/catalogs/github.py --check    # exit 1 if the file is not what it makes

The reference tables (`catalogs/reference/github-*.tsv`) are GitHub's fine-grained permissions
and classic OAuth scopes transcribed as data, each with its source URL, commit and licence
(CC BY 4.0) in its header. What this script adds is Scopekeeper's own modelling, each choice
stated in the catalog's `source` fields: one scope per permission and access level, write
including read, repository permissions needing Metadata read, the classic hierarchy as
implication, which scopes count as elevated, the three key kinds.
"""
from common import rows, write_or_check


FINE_URL = "https://docs.github.com/en/rest/authentication/permissions-required-for-fine-grained-personal-access-tokens"
CLASSIC_URL = "https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps"
PAT_URL = "https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens"
INSTALL_URL = "https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app"
ORG_PAT_URL = "https://docs.github.com/en/rest/orgs/personal-access-tokens"

LEVELS = {
    "repository": ("Repository", "Permissions on the repositories the token may reach."),
    "organization": ("Organization", "Permissions on the organization that owns the token's resources."),
    "account": ("Account", "Permissions on the user's own account."),
    "classic": ("Classic scopes", "OAuth scopes of a personal access token (classic): broad, no per-repository choice."),
}
ACCESS_WORDS = {"read": "read", "write": "read and write", "admin": "admin"}

# Scopekeeper's choice, following least-privilege practice; GitHub itself marks none.
ELEVATED_FINE = {
    "administration:write": "can change repository settings, collaborators and branch protection, and delete repositories",
    "organization_administration:write": "can change the organization's settings and policies",
    "members:write": "can change organization and team membership",
    "workflows:write": "can change GitHub Actions workflows, which run with the repository's secrets",
    "secrets:write": "can change the repository's Actions secrets",
    "organization_secrets:write": "can change the organization's Actions secrets",
    "dependabot_secrets:write": "can change the repository's Dependabot secrets",
    "organization_dependabot_secrets:write": "can change the organization's Dependabot secrets",
    "repository_hooks:write": "can send the repository's events to any address",
    "organization_hooks:write": "can send the organization's events to any address",
    "organization_self_hosted_runners:write": "can add machines that run the organization's workflows",
    "keys:write": "can add SSH keys that sign in as the user",
    "emails:write": "can change the user's e-mail addresses",
    "organization_custom_properties:admin": "can define the organization's custom properties",
}
ELEVATED_CLASSIC = {
    "site_admin": "administers a GitHub Enterprise Server instance",
    "repo": "full control of every private repository the user can reach",
    "admin:org": "fully manages the organization, its teams and memberships",
    "admin:repo_hook": "can send repositories' events to any address",
    "admin:org_hook": "can send the organization's events to any address",
    "admin:public_key": "can add SSH keys that sign in as the user",
    "admin:gpg_key": "fully manages the user's GPG keys",
    "delete_repo": "can delete repositories",
    "workflow": "can change GitHub Actions workflows, which run with the repositories' secrets",
    "delete:packages": "can delete packages",
    "admin:enterprise": "full control of the enterprise",
    "manage_runners:enterprise": "can add machines that run the enterprise's workflows",
    "manage_billing:enterprise": "can change the enterprise's billing",
}
# Read-and-write classic scopes include their read scope (Scopekeeper's reading of the table).
CLASSIC_ALSO = {
    "write:org": ["read:org"],
    "write:public_key": ["read:public_key"],
    "write:repo_hook": ["read:repo_hook"],
    "write:gpg_key": ["read:gpg_key"],
    "write:packages": ["read:packages"],
    "project": ["read:project"],
}




def fine_scopes():
    out = []
    for perm, title, level, access, _endpoints, description in rows("github-fine-grained-permissions.tsv"):
        offered = access.split(",")
        for a in offered:
            sid = f"{perm}:{a}"
            s = {"id": sid, "name": f"{title}: {ACCESS_WORDS[a]}", "group": level,
                 "description": f"{description} ({ACCESS_WORDS[a]})"}
            notes = [f"{FINE_URL} ({title}; levels the endpoints need: {access})"]
            lower = [x for x in ("read", "write") if x in offered and ["read", "write", "admin"].index(x) < ["read", "write", "admin"].index(a)]
            if lower:
                s["implies"] = [f"{perm}:{lower[-1]}"]
                notes.append("includes the lower level (Scopekeeper's reading: write includes read)")
            if level == "repository" and perm != "metadata":
                s["requires"] = [{"scope": "metadata:read",
                                  "reason": "every token with repository access also reads repository metadata",
                                  "source": f"{PAT_URL} [I: GitHub's token form adds Metadata read itself]"}]
            if sid in ELEVATED_FINE:
                s["elevated"] = True
                notes.append(f"elevated (Scopekeeper's choice): {ELEVATED_FINE[sid]}")
            s["source"] = "; ".join(notes)
            out.append(s)
    return out


def classic_scopes():
    table = rows("github-classic-scopes.tsv")
    children = {}
    for scope, parent, _ in table:
        if parent:
            for p in parent.split(","):
                children.setdefault(p.strip(), []).append(scope)
    out = []
    for scope, parent, description in table:
        s = {"id": scope, "name": scope, "group": "classic", "description": description}
        notes = [f"{CLASSIC_URL} (available scopes)"]
        implied = children.get(scope, []) + CLASSIC_ALSO.get(scope, [])
        if implied:
            s["implies"] = implied
            notes.append("includes the scopes listed under it")
        if scope in ELEVATED_CLASSIC:
            s["elevated"] = True
            notes.append(f"elevated (Scopekeeper's choice): {ELEVATED_CLASSIC[scope]}")
        s["source"] = "; ".join(notes)
        out.append(s)
    return out


def kinds(fine, classic):
    base = {"name_required": True, "ip_allowlist": False, "min_scopes": 1, "env_var": "GITHUB_TOKEN"}
    return [
        {"id": "fine-grained", "name": "Fine-grained personal access token",
         "description": "Acts as its user, on the repositories and the one account or organization chosen, with only the permissions chosen. Made in GitHub's settings (no API makes one): Scopekeeper gives the exact checklist, then verifies it.",
         "scopes": [s["id"] for s in fine],
         "policy": dict(base, description_supported=True, expiry_required=True, expiry_default_days=30,
                        expiry_max_days=366, key_format="github_pat_",
                        source=f"an expiry is chosen in the form, up to a year ahead; an organization may set a shorter maximum ({PAT_URL}) [I for the exact maximum]"),
         "source": PAT_URL},
        {"id": "installation", "name": "GitHub App installation token",
         "description": "Acts as the GitHub App on one organization's installation, with the permissions and repositories asked for (at most the installation's). It lasts one hour: there is no expiry to choose.",
         "scopes": [s["id"] for s in fine if s["group"] != "account"],
         "policy": dict(base, expiry_required=False, key_format="ghs_", lifetime_minutes=60,
                        narrow_to=[{"id": "repositories", "label": "repositories",
                                    "every": "every repository the App's installation reaches",
                                    "max_items": 500, "scope_group": "repository",
                                    "source": f"the token may name repositories, up to 500 ({INSTALL_URL})"}],
                        source=f"one hour from creation ({INSTALL_URL}); account permissions belong to users, not to an App's installation [I]"),
         "source": INSTALL_URL},
        {"id": "classic", "name": "Personal access token (classic)",
         "description": "Acts as its user on everything the user can reach, with broad OAuth scopes. GitHub recommends fine-grained tokens instead. Made in GitHub's settings; Scopekeeper verifies it.",
         "scopes": [s["id"] for s in classic],
         "policy": dict(base, expiry_required=False, key_format="ghp_",
                        source=f"may be made with no expiry ({PAT_URL})"),
         "source": CLASSIC_URL},
    ]


def presets():
    mine = "Scopekeeper's preset"
    return [
        {"id": "read-code", "name": "Read one repository's code", "kind": "fine-grained",
         "scopes": ["contents:read", "metadata:read"],
         "source": f"{mine}: Contents read clones and reads files ({FINE_URL})"},
        {"id": "push-commits", "name": "CI: push commits and tags", "kind": "fine-grained",
         "scopes": ["contents:write"], "source": f"{mine}: Contents write pushes ({FINE_URL})"},
        {"id": "open-pull-requests", "name": "Bot: open pull requests", "kind": "fine-grained",
         "scopes": ["contents:write", "pull_requests:write"],
         "source": f"{mine}: a branch is pushed, then the pull request opened ({FINE_URL})"},
        {"id": "triage-issues", "name": "Triage issues", "kind": "fine-grained",
         "scopes": ["issues:write"], "source": f"{mine}: Issues write labels, assigns and closes ({FINE_URL})"},
        {"id": "ci-checkout", "name": "App: check out code in CI (one hour)", "kind": "installation",
         "scopes": ["contents:read", "metadata:read"],
         "source": f"{mine}: an installation token for a job ({INSTALL_URL})"},
        {"id": "classic-read-org", "name": "Classic: read organization membership", "kind": "classic",
         "scopes": ["read:org"], "source": f"{mine} ({CLASSIC_URL})"},
    ]


def catalog():
    fine, classic = fine_scopes(), classic_scopes()
    return {
        "id": "github",
        "vendor": "GitHub",
        "product": "GitHub tokens",
        "homepage": "https://github.com",
        "docs": FINE_URL,
        "sources": [
            {"document": "catalogs/reference/github-fine-grained-permissions.tsv", "title": "Permissions required for fine-grained personal access tokens",
             "url": FINE_URL, "date": "read 2026-12-07 (github/docs, CC BY 4.0)"},
            {"document": "catalogs/reference/github-classic-scopes.tsv", "title": "Scopes for OAuth apps",
             "url": CLASSIC_URL, "date": "read 2026-12-07 (github/docs, CC BY 4.0)"},
            {"document": "docs/vendors/github.md", "title": "Personal access tokens in an organization (REST)",
             "url": ORG_PAT_URL, "date": "read 2026-12-07"},
        ],
        "drift": [
            "A permission's levels are those its REST endpoints need in GitHub's data; the token form may offer a level no endpoint needs.",
            "GitHub moves installation tokens to a longer format (ghs_ with the App id and a JWT, from 2026-04-27): their length is never assumed.",
        ],
        "notes": [
            "Fine-grained and classic personal tokens are made only in GitHub's settings; installation tokens through the API, by a GitHub App.",
            "An organization's owners see, through a GitHub App, the fine-grained tokens that reach it, and can revoke their access.",
            "A classic token's scopes reach every repository its user can; prefer fine-grained tokens.",
        ],
        "groups": [{"id": k, "name": v[0], "description": v[1]} for k, v in LEVELS.items()],
        "key_kinds": kinds(fine, classic),
        "scopes": fine + classic,
        "presets": presets(),
    }


def main():
    write_or_check(catalog(), "github")


if __name__ == "__main__":
    main()
