#!/usr/bin/env python3
"""Generates the built-in Cloudflare catalog from the reference tables stored beside it.

    python3 scripts/catalogs/cloudflare.py            # writes catalogs/cloudflare.json
    python3 scripts/catalogs/cloudflare.py --check    # exit 1 if the file is not what it makes

The reference tables (`catalogs/reference/cloudflare-*.tsv`) are facts transcribed from
Cloudflare's documentation, each with its source URL, commit and licence in its header. What
this script adds is Scopekeeper's own modelling, each choice stated in the catalog's `source`
fields: scope ids, Write implying Read, which groups count as elevated, the two key kinds.
"""
import re

from common import rows, write_or_check


PERMISSIONS_URL = "https://developers.cloudflare.com/fundamentals/api/reference/permissions/"
TEMPLATES_URL = "https://developers.cloudflare.com/fundamentals/api/reference/template/"
CREATE_URL = "https://developers.cloudflare.com/fundamentals/api/get-started/create-token/"
LIMITS_URL = "https://developers.cloudflare.com/fundamentals/api/reference/limits/"
ACCOUNTS_URL = "https://developers.cloudflare.com/api/resources/accounts/methods/list/"
VIA_API_URL = "https://developers.cloudflare.com/fundamentals/api/how-to/create-via-api/"
WRANGLER_URL = "https://developers.cloudflare.com/workers/wrangler/system-environment-variables/"

RESOURCES = {
    "account": ("Account", "Account resources (com.cloudflare.api.account): one account, or every account the owner can reach."),
    "zone": ("Zone", "Zone resources (com.cloudflare.api.account.zone): one zone, every zone of an account, or every zone."),
    "user": ("User", "The owner's own user (com.cloudflare.api.user); only user-owned tokens can hold these."),
}

# Groups Scopekeeper marks elevated: each can mint credentials, change who is a member or what
# a member may do, change billing, or change who may sign in. Scopekeeper's choice, following
# least-privilege practice; Cloudflare itself marks none.
ELEVATED = {
    ("user", "API Tokens Write"): "can create tokens with the user's own rights",
    ("user", "Memberships Write"): "can accept or leave account memberships",
    ("user", "User Details Write"): "can change the user's profile, e-mail and two-factor settings",
    ("account", "Account API Tokens Write"): "can create account tokens",
    ("account", "Account Settings Write"): "can change account members and their roles",
    ("account", "Billing Write"): "can change billing and subscriptions",
    ("account", "Access: Organizations, Identity Providers, and Groups Write"): "can change who may sign in through Access",
    ("account", "Access: Apps and Policies Write"): "can change which applications Access protects and who may reach them",
    ("account", "Access: Service Tokens Write"): "can create Access service tokens",
    ("zone", "Zone Write"): "can add, change and delete zones",
}
VERBS = ("Read", "Write")


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")




def scope_id(resource, name):
    return f"{resource}.{slug(name)}"


def scopes():
    perms = rows("cloudflare-permissions.tsv")
    names = {(r[0], r[1]) for r in perms}
    out = []
    for r in perms:
        resource, name, description = r[0], r[1], r[2]
        s = {"id": scope_id(resource, name), "name": name, "description": description, "group": resource}
        if name.endswith(" Write") and (resource, name[:-6] + " Read") in names:
            s["implies"] = [scope_id(resource, name[:-6] + " Read")]
        why = ELEVATED.get((resource, name))
        if why:
            s["elevated"] = True
        where = r[3] if len(r) > 3 else f"{PERMISSIONS_URL} ({RESOURCES[resource][0]} permissions, API tab)"
        notes = [where]
        if "implies" in s:
            notes.append(f"implies Read: Edit/Write is full create, read, update, delete and list ({CREATE_URL})")
        if why:
            notes.append(f"elevated (Scopekeeper's choice): {why}")
        s["source"] = "; ".join(notes)
        out.append(s)
    return out


def presets(all_scopes):
    ids = {s["id"] for s in all_scopes}
    by_template = {}
    for template, resource, name in rows("cloudflare-templates.tsv"):
        # The template page says "User Memberships Read"; the user table calls it "Memberships Read".
        name = {"User Memberships Read": "Memberships Read"}.get(name, name)
        sid = scope_id(resource, name)
        assert sid in ids, f"template {template}: no scope {sid}"
        by_template.setdefault(template, []).append((resource, sid))
    out = []
    for template, items in by_template.items():
        p = {"id": slug(template), "name": template, "scopes": [sid for _, sid in items],
             "source": f"{TEMPLATES_URL} ({template})"}
        if any(resource == "user" for resource, _ in items):
            p["kind"] = "user-token"
        out.append(p)
    return out


def kinds(all_scopes):
    policy = {
        "name_required": True,
        "expiry_required": False,
        "ip_allowlist": True,
        "ip_denylist": True,
        "start_date": True,
        "min_scopes": 1,
        "env_var": "CLOUDFLARE_API_TOKEN",
    }
    zones = {"id": "zones", "label": "zones", "every": "every zone of the account, including zones added later",
             "scope_prefix": "zone.",
             "except": "every other zone of the account, including zones added later (a deny policy leaves out those ticked)",
             "source": f"a policy's resources name one zone (com.cloudflare.api.account.zone.<id>) or every zone of an account; a policy's effect is allow or deny ({VIA_API_URL})"}
    user_accounts = {"id": "accounts", "label": "accounts", "every": "every account the user belongs to, including accounts joined later",
                     "scope_prefix": "account.",
                     "except": "every other account, including accounts joined later (a deny policy leaves out those ticked)",
                     "source": f"a policy's resources name one account (com.cloudflare.api.account.<id>) or every account (com.cloudflare.api.account.*) ({VIA_API_URL}); the accounts from GET /accounts ({ACCOUNTS_URL})"}
    user_zones = dict(zones, every="every zone of every account, including zones added later",
                      **{"except": "every other zone of every account, including zones added later (a deny policy leaves out those ticked)",
                         "source": f"a policy's resources name one zone (com.cloudflare.api.account.zone.<id>) or every zone (com.cloudflare.api.account.zone.*); a policy's effect is allow or deny ({VIA_API_URL})"})
    src = (f"name up to 120 characters, optional not_before/expires_on, client IP in/not_in CIDRs "
           f"({VIA_API_URL}); CLOUDFLARE_API_TOKEN as Wrangler reads it ({WRANGLER_URL})")
    return [
        {"id": "account-token", "name": "Account API token",
         "description": "Owned by the account, not a person: it keeps working when its creator leaves. At most 500 per account. Made here, it holds account permissions on the connection's account and zone permissions on the zones chosen, or on every zone of that account.",
         "scopes": [s["id"] for s in all_scopes if s["group"] != "user"],
         "policy": dict(policy, narrow_to=[zones], source=src + f"; 500 per account ({LIMITS_URL}); user permissions are for user-owned tokens only [I]"),
         "source": VIA_API_URL},
        {"id": "user-token", "name": "User API token",
         "description": "Owned by one user and acting with that user's rights. At most 50 per user. Made here (through a connection to …/client/v4/user), it holds user permissions on that user, account permissions on the accounts chosen or on every account, and zone permissions on the zones chosen or on every zone of every account.",
         "policy": dict(policy, narrow_to=[user_accounts, user_zones], source=src + f"; 50 per user ({LIMITS_URL})"),
         "source": VIA_API_URL},
    ]


def catalog():
    all_scopes = scopes()
    return {
        "id": "cloudflare",
        "vendor": "Cloudflare",
        "product": "Cloudflare API tokens",
        "homepage": "https://www.cloudflare.com",
        "docs": PERMISSIONS_URL,
        "sources": [
            {"document": "catalogs/reference/cloudflare-permissions.tsv", "title": "API token permissions",
             "url": PERMISSIONS_URL, "date": "read 2026-12-07 (cloudflare-docs, CC BY 4.0)"},
            {"document": "catalogs/reference/cloudflare-templates.tsv", "title": "API token templates",
             "url": TEMPLATES_URL, "date": "read 2026-12-07 (cloudflare-docs, CC BY 4.0)"},
            {"document": "docs/vendors/cloudflare.md", "title": "Create tokens via API",
             "url": VIA_API_URL, "date": "read 2026-12-07"},
        ],
        "drift": [
            "The documentation's table lacks Account API Tokens Read/Write, which the API reference names; added from it.",
            "The table's placeholders for Pages and Cloudflare Tunnel were resolved to the names the permission groups endpoint returns.",
            "Permission group ids are not in the documentation: Scopekeeper reads them from the connection's GET …/tokens/permission_groups.",
        ],
        "notes": [
            "A token is a list of policies: allow or deny, permission groups, and the resources they reach.",
            "Edit (Write) groups include Read: full create, read, update, delete and list.",
            "Creating account tokens needs Account API Tokens Write; user tokens need API Tokens Write.",
            "The token value is shown once; rolling it makes a new value with the same policies.",
        ],
        "groups": [{"id": k, "name": v[0], "description": v[1]} for k, v in RESOURCES.items()],
        "key_kinds": kinds(all_scopes),
        "scopes": all_scopes,
        "presets": presets(all_scopes),
    }


def main():
    write_or_check(catalog(), "cloudflare")


if __name__ == "__main__":
    main()
