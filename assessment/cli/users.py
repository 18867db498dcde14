"""The command line for accounts: `users add|list|disable|enable|set-password|grant|revoke|members|init`.

Passwords are read from a prompt (not echoed) or, when standard input is not a terminal, from its first line;
never from an argument, which other users of the machine can read in the process list. Every change is written
to the audit log under the operating-system user (or --actor), marked as made on the command line.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable

from assessment.cli.common import CommandError, actor, id_type, open_workspace, text
from assessment.problems import Lang

TEXT: dict[str, tuple[str, str]] = {
    "users": ("manage accounts and who may open which assessment", "管理账户及各评估的成员"),
    "users_action": ("what to do", "要执行的操作"),
    "users_add": (
        "add an account (prints a one-time password unless --password-stdin)",
        "添加账户（除非使用 --password-stdin，否则输出一次性密码）",
    ),
    "users_list": ("list the accounts", "列出账户"),
    "users_disable": ("disable an account: it is signed out at once", "停用账户：立即退出登录"),
    "users_enable": ("enable a disabled account", "重新启用已停用的账户"),
    "users_set_password": (
        "set an account's password (read from a prompt or standard input), or --one-time",
        "设置账户密码（从提示或标准输入读取），或使用 --one-time",
    ),
    "users_grant": ("give an account a role on an assessment", "授予账户在某评估中的角色"),
    "users_revoke": ("take an account off an assessment", "将账户移出某评估"),
    "users_members": ("list the members of an assessment", "列出评估的成员"),
    "users_init": (
        "create the first administrator if there is no account yet; prints its one-time password once",
        "尚无账户时创建首位管理员，并仅输出一次其一次性密码",
    ),
    "username": ("the user name (lower-case letters, digits, . _ @ -)", "用户名（小写字母、数字及 . _ @ -）"),
    "display_name": ("the name shown in the app and the audit log", "在应用和审计日志中显示的姓名"),
    "email": ("the e-mail address (single sign-on matches it)", "电子邮件地址（单点登录按此匹配）"),
    "admin_option": ("an administrator: sees and manages everything", "管理员：可查看和管理全部内容"),
    "password_stdin": (
        "read the password from standard input instead of making up a one-time one",
        "从标准输入读取密码，而不是生成一次性密码",
    ),
    "one_time": ("make up a one-time password, printed once", "生成一次性密码，仅输出一次"),
    "member_role": ("lead, consultant or viewer", "lead（负责人）、consultant（顾问）或 viewer（查看者）"),
    "password_prompt": ("New password for {user}: ", "{user} 的新密码："),
    "password_again": ("Repeat the password: ", "再次输入密码："),
    "passwords_differ": ("the two passwords differ; nothing changed", "两次输入的密码不一致，未作任何修改"),
    "no_password": ("no password given on standard input; nothing changed", "标准输入未提供密码，未作任何修改"),
    "added": ("user {user} added", "已添加用户 {user}"),
    "one_time_password": (
        "one-time password for {user}: {password}\n(shown once; it must be changed at the first sign-in)",
        "{user} 的一次性密码：{password}\n（仅显示一次；首次登录时须修改）",
    ),
    "disabled": ("user {user} disabled and signed out", "已停用用户 {user} 并使其退出登录"),
    "enabled": ("user {user} enabled", "已启用用户 {user}"),
    "password_set": (
        "password of {user} set; they are signed out everywhere",
        "已设置 {user} 的密码，其所有登录均已退出",
    ),
    "granted": ("{user} is now {role} of assessment {assessment}", "{user} 现为评估 {assessment} 的 {role}"),
    "revoked": ("{user} taken off assessment {assessment}", "已将 {user} 移出评估 {assessment}"),
    "init_done": (
        "MaturityMap: the administrator account 'admin' was created.\n"
        "One-time password: {password}\n"
        "Sign in with it at the app's address; you will be asked to choose your own password.\n"
        "It is shown only now. Lost it? Run: python -m assessment users set-password admin --one-time",
        "MaturityMap：已创建管理员账户“admin”。\n"
        "一次性密码：{password}\n"
        "请在应用地址用它登录，届时须设置自己的密码。\n"
        "密码仅显示这一次。若遗失，请运行：python -m assessment users set-password admin --one-time",
    ),
    "init_exists": ("accounts exist already; nothing created", "已有账户，未创建任何账户"),
    "no_users": ("no accounts yet (python -m assessment users init)", "尚无账户（python -m assessment users init）"),
}
HEADERS = {
    "en": ("user", "name", "e-mail", "role", "active", "last sign-in"),
    "zh": ("用户名", "姓名", "电子邮件", "系统角色", "有效", "最近登录"),
}


def _say(key: str, lang: Lang, **params: object) -> str:
    return TEXT[key][1 if lang == "zh" else 0].format(**params)


def add_commands(command: Callable[..., argparse.ArgumentParser], t: Callable[[str], str], lang: Lang) -> None:
    """Register `users` and its actions; `command(name)` makes a sub-parser, `t(key)` a help text."""
    users = command("users")
    actions = users.add_subparsers(dest="action", required=True, metavar="ACTION", title=t("users_action"))

    def action(name: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=t(f"users_{name.replace('-', '_')}"), add_help=False)
        sub.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=t("help"))
        sub.add_argument("--database", metavar="URL", help=t("database"))
        sub.add_argument("--lang", choices=("zh", "en"), default=lang, help=t("lang"))
        return sub

    add = action("add")
    add.add_argument("username", metavar="USER", help=t("username"))
    add.add_argument("--display-name", default="", help=t("display_name"))
    add.add_argument("--email", help=t("email"))
    add.add_argument("--admin", action="store_true", help=t("admin_option"))
    add.add_argument("--password-stdin", action="store_true", help=t("password_stdin"))
    add.add_argument("--actor", metavar="NAME", help=text("actor_option", lang))

    listing = action("list")
    listing.add_argument("--format", choices=("table", "json"), default="table", help=t("list_format"))

    for name in ("disable", "enable"):
        sub = action(name)
        sub.add_argument("username", metavar="USER", help=t("username"))
        sub.add_argument("--actor", metavar="NAME", help=text("actor_option", lang))

    password = action("set-password")
    password.add_argument("username", metavar="USER", help=t("username"))
    password.add_argument("--one-time", action="store_true", help=t("one_time"))
    password.add_argument("--actor", metavar="NAME", help=text("actor_option", lang))

    grant = action("grant")
    grant.add_argument("username", metavar="USER", help=t("username"))
    grant.add_argument("assessment", type=id_type(lang), metavar="ASSESSMENT_ID", help=t("assessment_id"))
    grant.add_argument("role", choices=("lead", "consultant", "viewer"), metavar="ROLE", help=t("member_role"))
    grant.add_argument("--actor", metavar="NAME", help=text("actor_option", lang))

    revoke = action("revoke")
    revoke.add_argument("username", metavar="USER", help=t("username"))
    revoke.add_argument("assessment", type=id_type(lang), metavar="ASSESSMENT_ID", help=t("assessment_id"))
    revoke.add_argument("--actor", metavar="NAME", help=text("actor_option", lang))

    members = action("members")
    members.add_argument("assessment", type=id_type(lang), metavar="ASSESSMENT_ID", help=t("assessment_id"))
    members.add_argument("--format", choices=("table", "json"), default="table", help=t("list_format"))

    action("init")


def _read_password(username: str, lang: Lang) -> str:
    """A new password: typed twice at a prompt, or the first line of standard input when it is not a terminal."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise CommandError(_say("no_password", lang))
        return line
    first = getpass.getpass(_say("password_prompt", lang, user=username))
    if getpass.getpass(_say("password_again", lang)) != first:
        raise CommandError(_say("passwords_differ", lang))
    return first


def _users(args: argparse.Namespace) -> int:
    workspace = open_workspace(args.database, args.lang)
    try:
        return ACTIONS[args.action](workspace, args)
    finally:
        workspace.dispose()


def _add(workspace, args: argparse.Namespace) -> int:
    from assessment.accounts.users import add_user

    password = _read_password(args.username, args.lang) if args.password_stdin else None
    user, one_time = add_user(
        workspace,
        args.username,
        actor=actor(args.actor),
        display_name=args.display_name,
        email=args.email,
        system_role="admin" if args.admin else "member",
        password=password,
    )
    print(_say("added", args.lang, user=user.username), file=sys.stderr)
    if one_time:
        print(_say("one_time_password", args.lang, user=user.username, password=one_time))
    return 0


def _list(workspace, args: argparse.Namespace) -> int:
    from assessment.accounts.users import list_users

    found = list_users(workspace)
    rows = [
        {
            "user": u.username,
            "name": u.display_name,
            "email": u.email or "",
            "role": u.system_role,
            "active": u.active,
            "last_sign_in": u.last_sign_in_at.isoformat(timespec="seconds") if u.last_sign_in_at else "",
        }
        for u in found
    ]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not rows:
        print(_say("no_users", args.lang), file=sys.stderr)
    else:
        print("\t".join(HEADERS[args.lang]))
        for row in rows:
            print("\t".join(str(value) if value != "" else "—" for value in row.values()))
    return 0


def _disable(workspace, args: argparse.Namespace) -> int:
    from assessment.accounts.users import set_active

    set_active(workspace, args.username, False, actor=actor(args.actor))
    print(_say("disabled", args.lang, user=args.username.lower()), file=sys.stderr)
    return 0


def _enable(workspace, args: argparse.Namespace) -> int:
    from assessment.accounts.users import set_active

    set_active(workspace, args.username, True, actor=actor(args.actor))
    print(_say("enabled", args.lang, user=args.username.lower()), file=sys.stderr)
    return 0


def _set_password(workspace, args: argparse.Namespace) -> int:
    from assessment.accounts.users import get, set_password

    with workspace.transaction() as session:  # an unknown user is said before a password is asked for
        name = get(session, args.username).username
    new = None if args.one_time else _read_password(name, args.lang)
    one_time = set_password(workspace, name, new, actor=actor(args.actor))
    print(_say("password_set", args.lang, user=name), file=sys.stderr)
    if one_time:
        print(_say("one_time_password", args.lang, user=name, password=one_time))
    return 0


def _grant(workspace, args: argparse.Namespace) -> int:
    from assessment.accounts.memberships import grant

    grant(workspace, args.assessment, args.username, args.role, actor=actor(args.actor))
    done = {"user": args.username.lower(), "role": args.role, "assessment": args.assessment}
    print(_say("granted", args.lang, **done), file=sys.stderr)
    return 0


def _revoke(workspace, args: argparse.Namespace) -> int:
    from assessment.accounts.memberships import revoke

    revoke(workspace, args.assessment, args.username, actor=actor(args.actor))
    print(_say("revoked", args.lang, user=args.username.lower(), assessment=args.assessment), file=sys.stderr)
    return 0


def _members(workspace, args: argparse.Namespace) -> int:
    from assessment.accounts.memberships import members

    rows = [
        {"user": m.user.username, "name": m.user.display_name, "role": m.role}
        for m in members(workspace, args.assessment)
    ]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            print("\t".join(row.values()))
    return 0


def _init(workspace, args: argparse.Namespace) -> int:
    from assessment.accounts.users import first_administrator

    one_time = first_administrator(workspace)
    if one_time is None:
        print(_say("init_exists", args.lang), file=sys.stderr)
    else:
        print(_say("init_done", args.lang, password=one_time))
    return 0


ACTIONS: dict[str, Callable] = {
    "add": _add,
    "list": _list,
    "disable": _disable,
    "enable": _enable,
    "set-password": _set_password,
    "grant": _grant,
    "revoke": _revoke,
    "members": _members,
    "init": _init,
}
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"users": _users}
