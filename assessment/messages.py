"""The catalogue of user-facing messages, in English and Simplified Chinese."""

from __future__ import annotations

from scoring.glossary import TERMS

# code -> (English, Chinese). Placeholders are str.format fields.
MESSAGES: dict[str, tuple[str, str]] = {
    # framing
    "at_column": ("column {column}", "列 {column}"),
    "warning_prefix": ("warning: ", "警告："),
    # files
    "file_not_found": ("file not found", "找不到文件"),
    "not_a_file": ("not a readable file", "不是可读取的文件"),
    "file_too_large": (
        "file is {size} bytes, more than the limit of {limit} bytes",
        "文件大小为 {size} 字节，超过上限 {limit} 字节",
    ),
    "not_utf8": (
        "file is not UTF-8 text (save it as UTF-8, e.g. Excel's 'CSV UTF-8')",
        "文件不是 UTF-8 文本（请另存为 UTF-8，例如 Excel 的“CSV UTF-8”）",
    ),
    "unknown_file_type": (
        "unknown file type '{suffix}': use .csv or .xlsx",
        "无法识别的文件类型“{suffix}”：请使用 .csv 或 .xlsx",
    ),
    # YAML
    "yaml_syntax": ("YAML syntax error: {detail}", "YAML 语法错误：{detail}"),
    "yaml_alias": (
        "YAML anchors and aliases (&, *) are not allowed",
        "不允许使用 YAML 锚点和别名（&、*）",
    ),
    "yaml_tag": ("YAML tag '{tag}' is not allowed", "不允许使用 YAML 标签“{tag}”"),
    "yaml_complex_key": (
        "a mapping key must be a plain value",
        "映射的键必须是普通值",
    ),
    "yaml_duplicate_key": (
        "key '{key}' appears twice in the same mapping (first on line {first})",
        "同一映射中键“{key}”出现两次（首次在第 {first} 行）",
    ),
    "yaml_too_deep": (
        "nesting is deeper than {limit} levels",
        "嵌套层数超过 {limit} 层",
    ),
    "yaml_number_too_long": (
        "a number of {digits} digits is longer than the limit of {limit} (put it in quotes if it is text)",
        "数字长达 {digits} 位，超过上限 {limit} 位（如果它是文本，请加引号）",
    ),
    "yaml_documents": (
        "a file holds one YAML document, found more",
        "一个文件只能包含一个 YAML 文档，但发现了多个",
    ),
    "yaml_empty": ("file is empty", "文件为空"),
    "yaml_not_mapping": (
        "the top level must be a mapping (key: value)",
        "顶层必须是映射（键: 值）",
    ),
    "yaml_not_utf8": (
        "file is not UTF-8 text (save it in your editor with the UTF-8 encoding)",
        "文件不是 UTF-8 文本（请在编辑器中以 UTF-8 编码保存）",
    ),
    # questionnaire schema
    "missing_key": ("missing required key '{key}'", "缺少必填键“{key}”"),
    "unknown_key": ("unknown key '{key}'", "未知的键“{key}”"),
    "text_missing_en": ("text has no English version ('en')", "文本缺少英文版本（“en”）"),
    "text_missing_zh": ("text has no Chinese version ('zh')", "文本缺少中文版本（“zh”）"),
    "empty_text": ("must not be empty", "不能为空"),
    "want_whole_number": (
        "must be a whole number, got {value}",
        "必须是整数，实际为 {value}",
    ),
    "want_number": ("must be a number, got {value}", "必须是数字，实际为 {value}"),
    "want_text": ("must be text, got {value}", "必须是文本，实际为 {value}"),
    "want_text_quote": (
        'must be text, got {value} (put it in quotes: "{value}")',
        '必须是文本，实际为 {value}（请加引号："{value}"）',
    ),
    "want_list": ("must be a list, got {value}", "必须是列表，实际为 {value}"),
    "list_too_short": (
        "must list at least {limit} entries, got {found}",
        "至少需要列出 {limit} 项，实际为 {found} 项",
    ),
    "want_mapping": (
        "must be a mapping (key: value), got {value}",
        "必须是映射（键: 值），实际为 {value}",
    ),
    "want_bool": ("must be true or false, got {value}", "必须是 true 或 false，实际为 {value}"),
    "level_range": (
        "level must be between 1 and 5, got {value}",
        "级别必须在 1 到 5 之间，实际为 {value}",
    ),
    "must_be_greater": (
        "must be greater than {limit}, got {value}",
        "必须大于 {limit}，实际为 {value}",
    ),
    "must_be_at_least": ("must be at least {limit}, got {value}", "必须不小于 {limit}，实际为 {value}"),
    "must_be_at_most": ("must be at most {limit}, got {value}", "必须不大于 {limit}，实际为 {value}"),
    "bad_id": (
        "'{value}' is not a valid id: use lower-case letters, digits, '_' and '-'",
        "“{value}”不是有效的标识：请使用小写字母、数字、“_”和“-”",
    ),
    "bad_item_id": (
        "'{value}' is not a valid item id: use letters, digits, '_', '.' and '-'",
        "“{value}”不是有效的题目标识：请使用字母、数字、“_”、“.”和“-”",
    ),
    "must_be_one_of": ("must be one of {allowed}, got {value}", "必须是 {allowed} 之一，实际为 {value}"),
    "schema_other": ("{detail}", "{detail}"),
    # questionnaire meaning
    "duplicate_id": (
        "{kind} id '{id}' is used twice (first at {first})",
        "{kind}标识“{id}”重复使用（首次在 {first}）",
    ),
    "duplicate_option": (
        "scale '{scale}' has option key '{key}' twice",
        "量表“{scale}”中选项键“{key}”重复",
    ),
    "reserved_option": (
        "scale '{scale}': option key '{key}' is reserved for answers that are not scored",
        "量表“{scale}”：选项键“{key}”保留给不计分的回答",
    ),
    "empty_scale": ("scale '{scale}' has no options", "量表“{scale}”没有任何选项"),
    "builtin_scale": (
        "scale 'achievement' is built in and cannot be redefined; give your scale another name",
        "量表“achievement”为内置量表，不能重新定义；请为您的量表另取名称",
    ),
    "scale_value_range": (
        "scale '{scale}' option '{key}': value {value} is outside [0, 1]",
        "量表“{scale}”选项“{key}”：取值 {value} 超出 [0, 1] 范围",
    ),
    "undeclared_scale": (
        "item {item} uses scale '{scale}', which is not declared (declared: {declared})",
        "题目 {item} 使用的量表“{scale}”未声明（已声明：{declared}）",
    ),
    "undeclared_dimension": (
        "item {item} uses dimension '{dimension}', which is not declared (declared: {declared})",
        "题目 {item} 使用的维度“{dimension}”未声明（已声明：{declared}）",
    ),
    "undeclared_practice": (
        "item {item} is a form of practice '{practice}', which is not declared (declared: {declared})",
        "题目 {item} 所属的共性实践“{practice}”未声明（已声明：{declared}）",
    ),
    "practice_twice": (
        "item {item} is a second item of practice '{practice}' in its process (the first: {first}); a process has "
        "one item per shared practice",
        "题目 {item} 是本流程中共性实践“{practice}”的第二个题目（第一个：{first}）；每个流程每项共性实践只有一个题目",
    ),
    "undeclared_topic": (
        "item {item} is on topic '{topic}', which is not declared (declared: {declared})",
        "题目 {item} 的话题“{topic}”未声明（已声明：{declared}）",
    ),
    "undeclared_topic_of_role": (
        "role '{role}' is asked about topic '{topic}', which is not declared (declared: {declared})",
        "角色“{role}”可回答的话题“{topic}”未声明（已声明：{declared}）",
    ),
    "role_cannot_answer": (
        "item {item} is asked of role '{role}', who cannot see its topic '{topic}' (the role answers about: {topics}); "
        "remove the role, or ask it what it can see",
        "题目 {item} 面向角色“{role}”，但该角色看不到其话题“{topic}”（该角色只回答：{topics}）；"
        "请去掉该角色，或改为询问其能看到的情况",
    ),
    "undeclared_role": (
        "item {item} names role '{role}', which is not declared (declared: {declared})",
        "题目 {item} 引用的角色“{role}”未声明（已声明：{declared}）",
    ),
    "scored_needs_level": (
        "item {item} is scored and needs a level (1 to 5)",
        "题目 {item} 为计分题，需要指定级别（1 到 5）",
    ),
    "unscored_takes_no": (
        "item {item} is of type '{type}' and takes no '{key}'",
        "题目 {item} 的类型为“{type}”，不能设置“{key}”",
    ),
    "reserved_item_id": (
        "item id '{item}' is a reserved column name of responses files; choose another",
        "题目标识“{item}”是答卷文件的保留列名，请另选",
    ),
    "item_without_dimension": (
        "item {item} has no dimension, so the dimension profile leaves it out",
        "题目 {item} 未指定维度，维度画像将不包含该题目",
    ),
    "process_without_items": (
        "process '{process}' has no scored items",
        "流程“{process}”没有计分题目",
    ),
    "unknown_reference": (
        "{owner_kind} {owner} names {kind} '{ref}', which is not in the questionnaire",
        "{owner_kind} {owner} 引用的{kind}“{ref}”不在问卷中",
    ),
    "action_cycle": (
        "actions depend on each other in a circle: {cycle}",
        "行动项之间存在循环依赖：{cycle}",
    ),
    "action_phase_order": (
        "action {action} ({phase}) depends on action {other}, which belongs to a later phase ({other_phase})",
        "行动项 {action}（{phase}）依赖于属于更晚阶段（{other_phase}）的行动项 {other}",
    ),
    "effort_range": (
        "action {action}: effort min {min} is more than max {max}",
        "行动项 {action}：工作量下限 {min} 大于上限 {max}",
    ),
    "cost_range": (
        "action {action}: cost min {min} is more than max {max} (万元)",
        "行动项 {action}：费用下限 {min} 大于上限 {max}（万元）",
    ),
    "item_without_action": (
        "item {item} has no improvement action in the action library",
        "题目 {item} 在行动库中没有对应的改进行动",
    ),
    "clause_above_max_level": (
        "item {item} is at level {level} but cites {reference}, which belongs at level {max_level} or below "
        "(framework '{framework}'): move the item down or correct the reference",
        "题目 {item} 位于级别 {level}，但引用了 {reference}，该条款对应的级别不高于 {max_level}"
        "（框架“{framework}”）：请调低题目级别或更正引用",
    ),
    "clause_not_listed": (
        "item {item} cites {reference}, a clause that framework '{framework}' does not list: add it to the "
        "framework's clauses with its maximum level",
        "题目 {item} 引用的 {reference} 未列入框架“{framework}”的条款表：请将其连同最高级别加入条款表",
    ),
    "choice_without_choices": (
        "context field '{field}' is of type '{type}' and needs choices",
        "背景字段“{field}”的类型为“{type}”，需要提供选项",
    ),
    "number_range": (
        "context field '{field}': min {min} is more than max {max}",
        "背景字段“{field}”：最小值 {min} 大于最大值 {max}",
    ),
    "well_known_records": (
        "context section '{section}' needs records: {records} (the analysis reads it so)",
        "背景部分“{section}”需要设置 records: {records}（分析功能按此读取）",
    ),
    "well_known_field": (
        "context section '{section}' needs a field '{field}' of type '{type}' (the analysis reads it)",
        "背景部分“{section}”需要类型为“{type}”的字段“{field}”（分析功能会读取该字段）",
    ),
    "include_missing": ("included file '{include}' not found", "找不到被包含的文件“{include}”"),
    "include_outside": (
        "included file '{include}' lies outside the questionnaire's folder",
        "被包含的文件“{include}”位于问卷文件夹之外",
    ),
    "include_cycle": (
        "'{include}' is included more than once (or includes itself)",
        "“{include}”被多次包含（或包含了自身）",
    ),
    "include_too_many": (
        "more than {limit} included files",
        "被包含的文件超过 {limit} 个",
    ),
    "include_too_large": (
        "with '{include}' the included files add up to more than {limit} bytes",
        "加上“{include}”后，被包含的文件合计超过 {limit} 字节",
    ),
    "no_questionnaire_in_folder": (
        "folder has no questionnaire.yaml",
        "文件夹中没有 questionnaire.yaml",
    ),
    # targets
    "targets_unknown_process": (
        "process '{process}' is not in the questionnaire (processes: {declared})",
        "流程“{process}”不在问卷中（问卷中的流程：{declared}）",
    ),
    "targets_level": (
        "target for '{process}' must be a whole number from 0 to 5, got {value}",
        "“{process}”的目标必须是 0 到 5 的整数，实际为 {value}",
    ),
    # workspace (stored assessments)
    "assessment_not_found": ("assessment {assessment} does not exist", "评估 {assessment} 不存在"),
    # accounts
    "password_too_short": (
        "the password needs at least {minimum} characters",
        "密码至少需要 {minimum} 个字符",
    ),
    "password_too_long": ("the password is longer than {maximum} characters", "密码超过 {maximum} 个字符"),
    "password_has_username": ("the password must not contain the user name", "密码不得包含用户名"),
    "password_common": (
        "this password is among the most common ones: choose another",
        "该密码属于最常见的密码之一，请另选一个",
    ),
    "password_unchanged": ("the new password is the current one", "新密码与当前密码相同"),
    "wrong_current_password": ("the current password is not right", "当前密码不正确"),
    "username_invalid": (
        "user name '{user}': 2 to 100 characters, lower-case letters, digits and . _ @ -, starting with a letter "
        "or digit",
        "用户名“{user}”：2 至 100 个字符，仅限小写字母、数字及 . _ @ -，且以字母或数字开头",
    ),
    "username_taken": ("user name '{user}' is already taken", "用户名“{user}”已被使用"),
    "email_invalid": ("'{email}' is not an e-mail address", "“{email}”不是电子邮件地址"),
    "email_taken": ("e-mail '{email}' already belongs to another user", "电子邮件“{email}”已属于另一位用户"),
    "user_not_found": ("user '{user}' does not exist", "用户“{user}”不存在"),
    "last_admin": (
        "'{user}' is the last active administrator: make another administrator first",
        "“{user}”是最后一位有效的管理员，请先指定另一位管理员",
    ),
    "last_lead": (
        "'{user}' is the assessment's last lead: make another member lead first",
        "“{user}”是该评估的最后一位负责人，请先指定另一位成员为负责人",
    ),
    "not_a_member": ("'{user}' is not a member of assessment {assessment}", "“{user}”不是评估 {assessment} 的成员"),
    "secret_too_short": (
        "{variable} must be at least {minimum} characters long",
        "{variable} 至少需要 {minimum} 个字符",
    ),
    "assessment_exists": (
        "client '{client}' already has an assessment named '{name}'",
        "客户“{client}”已有名为“{name}”的评估",
    ),
    "baseline_is_current": (
        "assessment {assessment} cannot be its own baseline: give an earlier assessment of the same client",
        "评估 {assessment} 不能作为自身的基线：请指定同一客户较早的一次评估",
    ),
    "baseline_other_client": (
        "assessment {baseline} is of client '{client}', assessment {current} of client '{other}': "
        "only assessments of the same client can be compared",
        "评估 {baseline} 属于客户“{client}”，评估 {current} 属于客户“{other}”：只能对比同一客户的评估",
    ),
    "baseline_other_questionnaire": (
        "assessment {baseline} uses questionnaire '{questionnaire}', assessment {current} questionnaire '{other}': "
        "only assessments on the same questionnaire can be compared",
        "评估 {baseline} 使用问卷“{questionnaire}”，评估 {current} 使用问卷“{other}”：只能对比使用同一问卷的评估",
    ),
    "baseline_later": (
        "the baseline {baseline} ({day}) is later than the re-assessment {current} ({other}): "
        "give the earlier assessment first",
        "基线 {baseline}（{day}）晚于复评 {current}（{other}）：请先写较早的评估",
    ),
    "respondent_exists": ("respondent '{respondent}' already exists", "答卷人“{respondent}”已存在"),
    "campaign_exists": ("a campaign named '{name}' already exists here", "本评估已有名为“{name}”的问卷活动"),
    "campaign_not_found": ("there is no campaign {campaign}", "不存在问卷活动 {campaign}"),
    "campaign_languages": (
        "languages: give one or both of zh, en (got {value})",
        "语言：请填写 zh、en 中的一个或两个（实际为 {value}）",
    ),
    "campaign_process": (
        "process '{process}' is not in the assessment's scope: {allowed}",
        "流程“{process}”不在评估范围内：{allowed}",
    ),
    "campaign_dates": (
        "the campaign would close ({closes}) before it opens ({opens})",
        "问卷活动的结束时间（{closes}）早于开始时间（{opens}）",
    ),
    "campaign_anonymous": (
        "campaign {campaign} is anonymous: it has one open link and no personal links",
        "问卷活动 {campaign} 为匿名活动：只有一个公开链接，没有个人链接",
    ),
    "campaign_no_items": (
        "role '{role}' has no item to answer in the campaign's processes",
        "在问卷活动的流程中没有角色“{role}”需要回答的题目",
    ),
    "invitee_differs": (
        "respondent '{respondent}' is already recorded as {stored}; the list says {given}",
        "答卷人“{respondent}”已登记为 {stored}；名单中为 {given}",
    ),
    "link_not_found": (
        "respondent '{respondent}' has no link in campaign {campaign}",
        "答卷人“{respondent}”在问卷活动 {campaign} 中没有链接",
    ),
    "invitation_column": (
        "column '{column}' is not one of respondent, role, unit, email, phone",
        "列“{column}”不是 答卷人、角色、单位、电子邮件、电话 之一",
    ),
    "invitation_rows": (
        "the list has {rows} rows; at most {limit} are taken",
        "名单共 {rows} 行，最多接受 {limit} 行",
    ),
    "survey_address": (
        "'{value}' is not a server address: give http(s)://host[:port][/path]",
        "“{value}”不是服务器地址：请填写 http(s)://主机[:端口][/路径]",
    ),
    "no_survey_address": (
        "the links need the server's address: give --base-url, or set it once (campaign address URL)",
        "生成链接需要服务器地址：请使用 --base-url，或先设置一次（campaign address URL）",
    ),
    "invitation_phone": ("'{phone}' is not a phone number", "“{phone}”不是电话号码"),
    "item_not_asked": (
        "item '{item}' is not among the questions of this link",
        "题目“{item}”不在此链接需要回答的题目中",
    ),
    "unknown_role": (
        "role '{role}' is not one of the questionnaire's roles: {allowed}",
        "角色“{role}”不是问卷中的角色：{allowed}",
    ),
    "unknown_unit": (
        "unit '{unit}' is not one of the assessment's units: {allowed}",
        "单位“{unit}”不是本评估的单位：{allowed}",
    ),
    "merge_same": (
        "a respondent cannot be merged into themselves ('{respondent}')",
        "答卷人不能与自身合并（“{respondent}”）",
    ),
    "import_not_found": ("there is no import {batch} in this assessment", "本评估中没有编号为 {batch} 的导入"),
    "import_undone_already": (
        "import {batch} ({file}) is undone already",
        "导入 {batch}（{file}）已撤销",
    ),
    "import_changed_since": (
        "{what} has changed since {file} was imported: undo it by hand, or put it back first",
        "{what} 在导入 {file} 之后已被修改：请手工处理，或先将其改回",
    ),
    "delete_name_mismatch": (
        "type the assessment's name exactly to delete it: {name}",
        "请准确输入评估名称以确认删除：{name}",
    ),
    "respondent_not_found": ("respondent '{respondent}' does not exist", "答卷人“{respondent}”不存在"),
    "item_not_in_scope": (
        "item '{item}' is not in this assessment's questionnaire or scope",
        "题目“{item}”不在本评估的问卷或范围内",
    ),
    "process_not_in_scope": (
        "process '{process}' is not in this assessment's scope (scope: {scope})",
        "流程“{process}”不在本评估的范围内（范围：{scope}）",
    ),
    "answer_not_allowed": (
        "answer '{answer}' is not on the scale of item {item} (allowed: {allowed})",
        "回答“{answer}”不在题目 {item} 的量表中（允许：{allowed}）",
    ),
    "target_range": (
        "target must be a whole number from 0 to 5, got {value}",
        "目标必须是 0 到 5 的整数，实际为 {value}",
    ),
    "empty_name": ("the {kind} name must not be empty", "{kind}名称不能为空"),
    "text_too_long": ("{field} is longer than {limit} characters", "{field}超过 {limit} 个字符"),
    "colour_format": (
        "a colour is written #RRGGBB (e.g. #1F3A5F), not {value}",
        "颜色应写作 #RRGGBB（例如 #1F3A5F），而不是 {value}",
    ),
    "logo_too_large": (
        "the logo is {size} bytes, more than the limit of {limit}",
        "标志图片为 {size} 字节，超过上限 {limit}",
    ),
    "logo_too_many_pixels": (
        "the logo is {width} x {height} pixels, more than the limit of {limit} on either side",
        "标志为 {width} × {height} 像素，任一边超过上限 {limit} 像素",
    ),
    "logo_type": ("the logo must be a PNG or JPEG image", "标志必须是 PNG 或 JPEG 图片"),
    "template_too_large": (
        "the {kind} template is {size} bytes, more than the limit of {limit}",
        "{kind}模板为 {size} 字节，超过上限 {limit}",
    ),
    "template_not_package": (
        "the file is not a {kind} file (save it from PowerPoint or Word as .pptx or .docx)",
        "该文件不是 {kind} 文件（请在 PowerPoint 或 Word 中另存为 .pptx 或 .docx）",
    ),
    "template_unpacked": (
        "the {kind} template unpacks to {size} bytes in {entries} parts, more than the limits of {limit} bytes and "
        "{most} parts",
        "{kind}模板解压后为 {size} 字节、{entries} 个部件，超过上限（{limit} 字节、{most} 个部件）",
    ),
    "template_unreadable": (
        "the {kind} template cannot be opened ({reason}); save it again from PowerPoint or Word",
        "无法打开该{kind}模板（{reason}）；请在 PowerPoint 或 Word 中重新保存",
    ),
    "scope_empty": ("the scope needs at least one process", "评估范围至少需要一个流程"),
    "role_unknown": (
        "unknown role '{role}'; the questionnaire has: {known}",
        "未知角色“{role}”；问卷中的角色为：{known}",
    ),
    "role_weight_range": (
        "the weight of role '{role}' must be a number above 0 and at most 100, not {value}",
        "角色“{role}”的权重必须是大于 0 且不超过 100 的数字，而不是 {value}",
    ),
    "context_section_unknown": (
        "context section '{section}' is not in this assessment's questionnaire (sections: {known})",
        "背景部分“{section}”不在本评估的问卷中（已有：{known}）",
    ),
    "context_record_key": (
        "context section '{section}' takes one record per {per_kind}; '{key}' is not one (allowed: {allowed})",
        "背景部分“{section}”按{per_kind}逐条记录；“{key}”不在其中（允许：{allowed}）",
    ),
    "context_field_unknown": (
        "context section '{section}' has no field '{field}' (fields: {known})",
        "背景部分“{section}”没有字段“{field}”（字段：{known}）",
    ),
    "context_field_required": (
        "context field '{field}' of section '{section}' must be filled in",
        "背景部分“{section}”的字段“{field}”为必填项",
    ),
    "context_field_value": (
        "context field '{field}' of section '{section}' takes {expected_kind}{allowed}, got {value}",
        "背景部分“{section}”的字段“{field}”应为{expected_kind}{allowed}，实际为 {value}",
    ),
    "walkthrough_check_unknown": (
        "walkthrough check '{check}' is not in this assessment's questionnaire or scope",
        "穿行测试检查项“{check}”不在本评估的问卷或范围内",
    ),
    "achievement_range": (
        "an agreed achievement is a number from 0 to 1, got {value}",
        "商定的实现程度必须是 0 到 1 之间的数字，实际为 {value}",
    ),
    "agreed_value_required": (
        "choose the agreed achievement first: nothing is chosen yet",
        "请先选择商定的实现程度：尚未选择任何值",
    ),
    "reason_required": (
        "a reconciliation needs a reason and an author",
        "协调结论需要填写理由和作者",
    ),
    # bundles
    "folder_not_found": ("folder not found", "找不到文件夹"),
    "bundle_not_zip": (
        "not a MaturityMap bundle: the file is not a zip archive",
        "不是 MaturityMap 数据包：该文件不是 zip 压缩包",
    ),
    "bundle_unreadable": ("not a readable bundle: {detail}", "不是可读取的数据包：{detail}"),
    "bundle_too_many_members": (
        "bundle holds {count} files, more than the limit of {limit}",
        "数据包包含 {count} 个文件，超过上限 {limit} 个",
    ),
    "bundle_too_large": (
        "expands to {size} bytes, more than the limit of {limit} bytes",
        "解压后为 {size} 字节，超过上限 {limit} 字节",
    ),
    "bundle_not_content": (
        "not the content of an assessment: it lacks {keys}",
        "不是评估的内容：缺少 {keys}",
    ),
    "bundle_too_many_values": (
        "holds {count} JSON values, more than the limit of {limit}",
        "包含 {count} 个 JSON 值，超过上限 {limit} 个",
    ),
    "bundle_too_deep": (
        "JSON nested {depth} levels deep, more than the limit of {limit}",
        "JSON 嵌套 {depth} 层，超过上限 {limit} 层",
    ),
    "bundle_member_missing": ("bundle has no {member}", "数据包中缺少 {member}"),
    "bundle_not_utf8": ("not UTF-8 text", "不是 UTF-8 文本"),
    "bundle_json": ("JSON syntax error: {detail}", "JSON 语法错误：{detail}"),
    "bundle_format": (
        "not a MaturityMap bundle: the manifest's format is {value}, expected 'maturitymap-bundle'",
        "不是 MaturityMap 数据包：清单中的格式为 {value}，应为“maturitymap-bundle”",
    ),
    "bundle_version": (
        "bundle format version {version} is not supported: this MaturityMap reads version {supported}",
        "不支持数据包格式版本 {version}：当前 MaturityMap 只能读取版本 {supported}",
    ),
    "bundle_bad_time": (
        "must be a date and time with a UTC offset (ISO 8601, e.g. 2026-03-01T09:30:00+00:00), got {value}",
        "必须是带 UTC 偏移的日期时间（ISO 8601，例如 2026-03-01T09:30:00+00:00），实际为 {value}",
    ),
    "bundle_bad_date": (
        "must be a date (YYYY-MM-DD), got {value}",
        "必须是日期（YYYY-MM-DD），实际为 {value}",
    ),
    "bundle_text_too_long": (
        "text has {size} characters, more than the {limit} this field holds",
        "文本有 {size} 个字符，超过该字段上限 {limit} 个",
    ),
    "bundle_duplicate": ("{key} appears twice (first at {first})", "{key} 出现两次（首次在 {first}）"),
    "bundle_not_in_snapshot": (
        "{kind} '{ref}' is not in the bundle's questionnaire snapshot",
        "{kind}“{ref}”不在数据包的问卷快照中",
    ),
    "bundle_unknown_respondent": (
        "the answer to item {item} names respondent '{respondent}', who is not among the bundle's respondents",
        "题目 {item} 的回答引用的答卷人“{respondent}”不在数据包的答卷人中",
    ),
    "bundle_count_mismatch": (
        "the manifest counts {expected} {entries} but assessment.json holds {found}",
        "清单记录 {entries} 共 {expected} 条，但 assessment.json 中有 {found} 条",
    ),
    "bundle_assessment_exists": (
        "client '{client}' already has an assessment named '{name}'; import the bundle under another name "
        "(`import-bundle --name`)",
        "客户“{client}”已有名为“{name}”的评估；请以其他名称导入该数据包（`import-bundle --name`）",
    ),
    "roadmap_edit_kind": (
        "a roadmap edit is one of {allowed}, got '{edit}'",
        "路线图修改类型必须是 {allowed} 之一，实际为“{edit}”",
    ),
    "roadmap_action_unknown": (
        "action '{action}' is not in this assessment's action library (to add your own action, give all its fields)",
        "行动项“{action}”不在本评估的行动库中（如需添加自定义行动项，请提供其全部字段）",
    ),
    "roadmap_edit_value": (
        "roadmap edit '{edit}' of action {action} takes {expected_kind}{allowed}, got {value}",
        "行动项 {action} 的路线图修改“{edit}”应为{expected_kind}{allowed}，实际为 {value}",
    ),
    "roadmap_capacity": (
        "capacity is a number of person-days per month above 0, got {value}",
        "产能必须是大于 0 的每月人天数，实际为 {value}",
    ),
    # the consultant's findings and recommendations
    "consultant_text_too_long": (
        "the text has {size} characters, more than the limit of {limit}: shorten it (or split it between the "
        "findings and the recommendations)",
        "文本共 {size} 个字符，超过上限 {limit} 个：请缩短（或分别写入结论与建议）",
    ),
    "consultant_text_scope": (
        "'{scope}' is neither the executive summary (summary) nor a process of the assessment: {allowed}",
        "“{scope}”既不是执行摘要（summary），也不是本评估的流程：{allowed}",
    ),
    "consultant_text_kind": (
        "'{kind}' is neither findings nor recommendations",
        "“{kind}”既不是结论（findings），也不是建议（recommendations）",
    ),
    "roadmap_workstream_unknown": (
        "{workstream} is not a workstream of this assessment's roadmap (one of {allowed})",
        "{workstream} 不是本评估路线图的工作流（可选：{allowed}）",
    ),
    # responses
    "responses_empty": ("file has no header row", "文件没有表头行"),
    "missing_column": ("missing required column '{column}'", "缺少必需的列“{column}”"),
    "duplicate_column": ("column '{column}' appears twice", "列“{column}”出现两次"),
    "unknown_column": (
        "column '{column}' is neither a known column nor an item id of the questionnaire",
        "列“{column}”既不是已知列，也不是问卷中的题目标识",
    ),
    "unknown_item": (
        "item '{item}' is not in the questionnaire",
        "题目“{item}”不在问卷中",
    ),
    "empty_respondent": ("respondent is empty", "答卷人为空"),
    "empty_item": ("item is empty", "题目为空"),
    "answer_not_on_scale": (
        "answer '{answer}' is not on the scale of item {item} (allowed: {allowed})",
        "回答“{answer}”不在题目 {item} 的量表中（允许：{allowed}）",
    ),
    "answer_not_number": (
        "answer '{answer}' to item {item} is not a number",
        "题目 {item} 的回答“{answer}”不是数字",
    ),
    "duplicate_answer": (
        "respondent '{respondent}' answers item {item} twice (also on row {other})",
        "答卷人“{respondent}”对题目 {item} 回答了两次（另见第 {other} 行）",
    ),
    "duplicate_respondent_row": (
        "respondent '{respondent}' has a second row (first on row {other})",
        "答卷人“{respondent}”出现第二行（首次在第 {other} 行）",
    ),
    "inconsistent_respondent": (
        "respondent '{respondent}' has {column} '{value}' here but '{other_value}' on row {other}",
        "答卷人“{respondent}”在此处的 {column} 为“{value}”，但在第 {other} 行为“{other_value}”",
    ),
    "bad_method": (
        "method '{value}' is not one of interview, survey, workshop, walkthrough",
        "方式“{value}”不是 interview、survey、workshop、walkthrough 之一",
    ),
    "undeclared_role_weight": (
        "role '{role}' is not declared in the questionnaire; its respondents weigh 1",
        "角色“{role}”未在问卷中声明，其答卷人权重按 1 计",
    ),
    "too_many_problems": (
        "{count} more problems not shown",
        "另有 {count} 个问题未显示",
    ),
    "xlsx_unreadable": ("not a readable Excel workbook: {detail}", "不是可读取的 Excel 工作簿：{detail}"),
    "xlsx_bomb": (
        "workbook expands to {size} bytes, more than the limit of {limit} bytes",
        "工作簿解压后为 {size} 字节，超过上限 {limit} 字节",
    ),
    "xlsx_doctype": (
        "part {part} declares a DOCTYPE (entities): a workbook saved by Excel, WPS or LibreOffice never does; "
        "open it in a spreadsheet and save it again",
        "部件 {part} 声明了 DOCTYPE（实体）：Excel、WPS 或 LibreOffice 保存的工作簿不会这样做；"
        "请在电子表格软件中打开后重新保存",
    ),
    "xlsx_inflate_ratio": (
        "part {part} expands from {packed} to {size} bytes, more than {limit} times: refused as a zip bomb "
        "(a real survey sheet packs 10 to 20 times)",
        "部件 {part} 从 {packed} 字节解压为 {size} 字节，超过 {limit} 倍：按压缩炸弹拒绝"
        "（真实的问卷工作表压缩比为 10 到 20 倍）",
    ),
    "server_busy_reading": (
        "the server is reading other large files and had no room for this one within {seconds} s: try again shortly",
        "服务器正在读取其他大文件，{seconds} 秒内无法处理此文件：请稍后重试",
    ),
    "csv_unreadable": ("not a readable CSV file: {detail}", "不是可读取的 CSV 文件：{detail}"),
    "cell_too_long": (
        "cell holds {size} characters, more than the limit of {limit}",
        "单元格包含 {size} 个字符，超过上限 {limit}",
    ),
    "too_many_columns": (
        "the header row has {count} columns, more than the limit of {limit}",
        "表头行有 {count} 列，超过上限 {limit} 列",
    ),
    "too_many_cells": (
        "the table spans {rows} rows by {columns} columns, {cells} cells, more than the limit of {limit} "
        "(is something typed far below or to the right of the answers?)",
        "表格跨越 {rows} 行 × {columns} 列，共 {cells} 个单元格，超过上限 {limit} 个"
        "（答卷下方或右侧远处是否误填了内容？）",
    ),
    "too_many_sheet_cells": (
        "the sheet holds {cells} cells in {rows} rows, more than the limit of {limit}",
        "工作表共有 {cells} 个单元格（{rows} 行），超过上限 {limit} 个",
    ),
    "empty_header": ("this column holds data but has no header", "该列有数据但没有表头"),
    "long_unknown_column": (
        "column '{column}' is not a column of a file with one row per answer (columns: {allowed})",
        "列“{column}”不是每行一个回答的答卷文件中的列（可用的列：{allowed}）",
    ),
    "long_only_column": (
        "column '{column}' belongs to a file with one row per answer (columns item and answer); "
        "in a file with one row per respondent each item has its own column",
        "列“{column}”只用于每行一个回答的答卷文件（含 item 和 answer 列）；在每位答卷人一行的文件中，每个题目单独一列",
    ),
    "csv_row_too_long": (
        "row has {found} cells, more than the {expected} of the header row",
        "该行有 {found} 个单元格，多于表头行的 {expected} 个",
    ),
    "csv_unclosed_quote": (
        "a quoted cell that starts on this row is never closed",
        "从此行开始的带引号单元格缺少结束引号",
    ),
    "xlsx_not_zip": (
        "not an Excel workbook (.xlsx): the file is not a zip archive (an old .xls file, or a renamed CSV file?)",
        "不是 Excel 工作簿（.xlsx）：该文件不是 zip 压缩包（可能是旧版 .xls 文件或改了扩展名的 CSV 文件？）",
    ),
    "xlsx_too_many_sheets": (
        "the workbook has {count} sheets, more than the limit of {limit}",
        "工作簿有 {count} 个工作表，超过上限 {limit} 个",
    ),
    "xlsx_part_too_large": (
        "the workbook's part {part} is {size} bytes, more than the limit of {limit} bytes "
        "(it lists sheets and settings, never answers)",
        "工作簿的组成部分 {part} 为 {size} 字节，超过上限 {limit} 字节（该部分只列出工作表和设置，不含答卷）",
    ),
    "xlsx_incomplete": (
        "the workbook is incomplete: its end is missing (was the download or the copy cut short?)",
        "工作簿不完整：文件末尾缺失（是否下载或复制时被中断？）",
    ),
    # responses: the blank survey file (template)
    "template_sheet_responses": ("Responses", "答卷"),
    "template_sheet_scales": ("Scale", "量表"),
    "template_sheet_items": ("Items", "题目"),
    "template_sheet_lists": ("Lists", "选项列表"),
    "template_col_scale": ("scale", "量表"),
    "template_col_key": ("answer", "回答"),
    "template_col_value": ("value", "分值"),
    "template_col_meaning": ("meaning", "含义"),
    "template_col_definition": ("choose it when", "选择条件"),
    "scale_evidence_note": (
        "Answer by how far the practice is in place; whether it can be shown is recorded apart, as evidence.",
        "按这项做法实际开展的程度作答；能否出示证据另行记录在“证据”中。",
    ),
    "template_col_item": ("item", "题目"),
    "template_col_process": ("process", "流程"),
    "template_col_level": ("level", "级别"),
    "template_col_dimension": ("dimension", "维度"),
    "template_col_type": ("type", "类型"),
    "template_col_text": ("text", "题目内容"),
    "template_type_scored": ("scored", "计分"),
    "template_type_text": ("free text", "自由文本"),
    "template_type_number": ("number", "数字"),
    "template_na": ("Not applicable (not scored)", "不适用（不计分）"),
    "template_unknown": ("Don't know (not scored)", "不知道（不计分）"),
    "template_empty_key": ("(empty)", "（空）"),
    "template_empty": ("Not answered (not scored)", "未作答（不计分）"),
    "template_note_respondent": (
        "Your name or an id; one row per respondent",
        "答卷人姓名或编号；每位答卷人一行",
    ),
    "template_note_role": ("Your role", "您的角色"),
    "template_note_unit": (
        "The unit you speak for (site, team, business line)",
        "您所代表的单位（地点、团队、业务线）",
    ),
    "template_note_method": (
        "How the answers were collected: interview, survey, workshop or walkthrough",
        "收集回答的方式：interview（访谈）、survey（问卷调查）、workshop（研讨会）、walkthrough（穿行测试）",
    ),
    "template_note_scored": ("{process} · level {level} · {dimension}", "{process} · 第 {level} 级 · {dimension}"),
    "template_note_unscored": ("{process} · {type}", "{process} · {type}"),
    "template_prompt_title": ("Answer", "回答"),
    "template_prompt_number": (
        "Enter a number, or na (not applicable) or unknown (don't know)",
        "请输入数字，或 na（不适用）、unknown（不知道）",
    ),
    "template_pick_title": ("Not on the list", "不在列表中"),
    "template_pick_message": ("Choose a value from the list", "请从下拉列表中选择"),
    # responses: the per-respondent workbook (one sheet per respondent, questions as rows)
    "form_title": ("{title}: answers of one respondent", "{title}：答卷"),
    "form_instructions": (
        "Fill in your name, check your role, unit and method, then choose an answer for each question from the "
        "list in the Answer column (a blank answer is no answer). Comments and evidence are welcome. Return the "
        "file as it is: do not rename, add or move columns.",
        "请填写您的姓名，核对角色、单位和方式，然后在“回答”列中从下拉列表为每个问题选择答案（留空即未作答）。"
        "欢迎填写备注和证据。请原样交回文件，不要重命名、增加或移动列。",
    ),
    "form_respondent": ("Respondent", "答卷人"),
    "form_role": ("Role", "角色"),
    "form_unit": ("Unit", "单位"),
    "form_method": ("Method", "方式"),
    "form_col_item": ("Item", "编号"),
    "form_col_process": ("Process", "流程"),
    "form_col_question": ("Question", "问题"),
    "form_col_answer": ("Answer", "回答"),
    "form_col_comment": ("Comment", "备注"),
    "form_col_evidence": ("Evidence", "证据"),
    "form_col_guidance": ("Guidance", "评估指引"),
    "form_evidence_examples": ("Evidence, for example: {examples}", "证据示例：{examples}"),
    "form_sheet": ("Respondent {number}", "答卷 {number}"),
    "form_guide_sheet": ("How to answer", "填写说明"),
    "form_guide_scale": ("The answers", "回答选项"),
    "form_guide_unscored": ("Not applicable and Don't know are not scored.", "“不适用”和“不知道”不计分。"),
    "form_no_items": ("no question of the questionnaire is for role {role}", "问卷中没有面向角色“{role}”的问题"),
    "form_no_people": ("the workbook needs at least one respondent", "工作簿至少需要一名答卷人"),
    "form_empty_respondent": (
        "the respondent's name is empty, and the sheet has answers",
        "答卷人姓名为空，但该工作表有回答",
    ),
    "form_no_answers": ("the sheet has no answers: nothing is imported from it", "该工作表没有回答：不导入任何内容"),
    "form_respondent_twice": (
        "respondent '{respondent}' also answers on sheet {other}",
        "答卷人“{respondent}”也在工作表 {other} 中作答",
    ),
    "form_broken": (
        "the sheet is not a whole respondent's form: its {missing} row is missing",
        "该工作表不是完整的答卷：缺少“{missing}”行",
    ),
    "comment_without_answer": (
        "item {item} has a comment or evidence but no answer: they are not kept",
        "题目 {item} 有备注或证据但没有回答：备注和证据不会保存",
    ),
    # ticket exports (issue 20, part A: assessment/inputs/ticket*.py, the evidence command)
    "ticket_too_many_rows": (
        "file has {rows} rows, more than the limit of {limit} (export a shorter period)",
        "文件有 {rows} 行，超过上限 {limit} 行（请导出较短的时间段）",
    ),
    "ticket_row_too_short": (
        "row has {found} cells, fewer than the {expected} of the header row",
        "该行有 {found} 个单元格，少于表头行的 {expected} 个",
    ),
    "ticket_no_rows": ("file has a header row but no tickets", "文件只有表头行，没有工单"),
    "ticket_more_problems": (
        "… and {count} more problems (the first {shown} are shown)",
        "……另有 {count} 个问题（仅显示前 {shown} 个）",
    ),
    "ticket_wrong_profile": (
        "this is not a {source} export: it has no column {ticket} (the ticket id). A {source} export has columns "
        "such as {expected}; this file has {found}. Choose another --source, or map the columns with "
        "--map FIELD=COLUMN or --mapping FILE",
        "这不是 {source} 导出文件：缺少列 {ticket}（工单编号）。{source} 导出文件应包含 {expected} 等列；"
        "此文件的列为 {found}。请选择其他 --source，或用 --map 字段=列 或 --mapping 文件 映射各列",
    ),
    "ticket_wrong_profile_hint": (
        "this is not a {source} export: it has no column {ticket} (the ticket id). A {source} export has columns "
        "such as {expected}; this file has {found}. It looks like a {hint} export: try --source {hint}",
        "这不是 {source} 导出文件：缺少列 {ticket}（工单编号）。{source} 导出文件应包含 {expected} 等列；"
        "此文件的列为 {found}。它看起来是 {hint} 导出文件：请尝试 --source {hint}",
    ),
    "ticket_generic_no_ticket": (
        "no column is mapped to the field ticket (the ticket id): map one with --map ticket=COLUMN or under "
        "columns: in the mapping file; this file has {found}",
        "没有列映射到字段 ticket（工单编号）：请用 --map ticket=列 或在映射文件的 columns: 下指定；"
        "此文件的列为 {found}",
    ),
    "ticket_unknown_field": (
        "'{field}' is not a field of a ticket log; the fields are {fields}",
        "“{field}”不是工单日志的字段；字段有 {fields}",
    ),
    "ticket_unknown_column": (
        "column '{column}' (for the field {field}) is not in {file}; its columns are {found}",
        "列“{column}”（用于字段 {field}）不在 {file} 中；其列为 {found}",
    ),
    "ticket_map_syntax": ("'{value}' is not FIELD=COLUMN", "“{value}”不是 字段=列 的形式"),
    "ticket_map_twice": ("the field {field} is mapped twice", "字段 {field} 被映射了两次"),
    "ticket_mapping_key": (
        "unknown key '{key}' in a mapping file; the keys are {keys}",
        "映射文件中有未知的键“{key}”；可用的键为 {keys}",
    ),
    "ticket_mapping_no_columns": (
        "a mapping file needs columns: (field: the export's column, one a line)",
        "映射文件需要 columns:（每行一个“字段: 导出文件的列”）",
    ),
    "ticket_mapping_column_type": (
        "the column of the field {field} must be the text of a column name, got {value}",
        "字段 {field} 的列必须是列名文本，实际为 {value}",
    ),
    "ticket_date_format_name": (
        "unknown date format '{value}'; use one of {formats}, or a strftime pattern such as %d.%m.%Y %H:%M",
        "无法识别的日期格式“{value}”；请使用 {formats} 之一，或 strftime 格式，例如 %d.%m.%Y %H:%M",
    ),
    "ticket_date_format_unknown": (
        "cannot tell the date format of this column from its first value '{value}'; formats read without being "
        "named are {formats}: name the column's format with date_format in a mapping file or --date-format",
        "无法从此列的第一个值“{value}”判断日期格式；无需指定即可读取的格式为 {formats}：请在映射文件中用 "
        "date_format 或用 --date-format 指定此列的格式",
    ),
    "ticket_bad_date": (
        "'{value}' is not a date in this column's format {format}",
        "“{value}”不是此列格式 {format} 的日期",
    ),
    "ticket_bad_bool": (
        "'{value}' is not true or false (allowed: true, false, 1, 0, yes, no)",
        "“{value}”不是 true 或 false（允许：true、false、1、0、yes、no）",
    ),
    "ticket_bad_count": (
        "'{value}' is not a whole number of 0 or more",
        "“{value}”不是大于或等于 0 的整数",
    ),
    "ticket_bad_remaining_time": (
        "'{value}' is not a remaining time such as 2h 30m or -1d 4h",
        "“{value}”不是剩余时间，例如 2h 30m 或 -1d 4h",
    ),
    "ticket_empty_id": ("the ticket id is empty", "工单编号为空"),
    "ticket_events_need": (
        "ticket {ticket} is on several rows, so this is an event log: it needs the fields {fields} mapped",
        "工单 {ticket} 出现在多行，因此这是事件日志：需要映射字段 {fields}",
    ),
    "ticket_event_log_needs": (
        "an event log needs the fields {fields} mapped",
        "事件日志需要映射字段 {fields}",
    ),
    "ticket_by_unknown": (
        "cannot group by {by}: no column of this file is mapped to it; group by one of {fields}",
        "无法按 {by} 分组：此文件没有列映射到该字段；可按以下之一分组：{fields}",
    ),
    "ticket_process_needed": (
        "cannot tell which process these tickets are from (found: {seen}): say it with --process "
        "incident|problem|change|request, or process: in the mapping file",
        "无法判断这些工单属于哪个流程（发现：{seen}）：请用 --process incident|problem|change|request "
        "或在映射文件中用 process: 指定",
    ),
    #
    #
    # process mining and BPMN files (issue 20, part B)
    "mining_unavailable": (
        "{file} has no process flow to mine: it needs the fields {missing}",
        "{file} 中没有可挖掘的流程：需要字段 {missing}",
    ),
    "mining_snapshot": (
        "{file} has one row per ticket (a snapshot): mining the process flow needs one row per event",
        "{file} 每张工单只有一行（快照）：流程挖掘需要每个事件一行",
    ),
    "mining_no_events": (
        "{file} has no event with a ticket, an activity and a time: no process flow to mine",
        "{file} 中没有同时具备工单号、活动和时间的事件：没有可挖掘的流程",
    ),
    "mining_too_many_activities": (
        "{file} has {count} different activities, more than the {limit} a process mined can have: is the activity "
        "mapped to a state or status column?",
        "{file} 中有 {count} 种不同的活动，超过流程挖掘的上限 {limit} 种：活动字段是否映射到了状态列？",
    ),
    "mining_no_units": (
        "a reference unit is named, but the log has no field {field} to group cases by unit",
        "指定了参考单位，但日志中没有按单位分组的字段 {field}",
    ),
    "mining_reference_unknown": (
        "reference unit '{unit}' has no cases in the log; its units: {units}",
        "参考单位“{unit}”在日志中没有工单；日志中的单位：{units}",
    ),
    "bpmn_doctype": (
        "a BPMN file must not declare a DOCTYPE (entities, external files): refused",
        "BPMN 文件不得声明 DOCTYPE（实体、外部文件）：已拒绝",
    ),
    "bpmn_syntax": ("not well-formed XML: {detail}", "XML 格式不正确：{detail}"),
    "bpmn_not_bpmn": (
        "not a BPMN 2.0 model: the root element is {root}, not definitions of {namespace}",
        "不是 BPMN 2.0 模型：根元素是 {root}，而不是 {namespace} 的 definitions",
    ),
    "bpmn_too_many_elements": (
        "the model has more than {limit} XML elements",
        "模型的 XML 元素超过 {limit} 个",
    ),
    "bpmn_too_deep": (
        "the model's XML is nested more than {limit} levels deep",
        "模型的 XML 嵌套超过 {limit} 层",
    ),
    "bpmn_no_tasks": (
        "the model has no named task, or no start or end event: no process to compare the cases with",
        "模型中没有带名称的任务，或缺少开始或结束事件：无法与工单流程比较",
    ),
    "bpmn_unusable": (
        "the model cannot be turned into a process to replay the cases on: {detail}",
        "无法将模型转换为可回放工单的流程：{detail}",
    ),
    #
    #
    # stored evidence (issue 20, part C)
    "evidence_process": (
        "{process} is not a ticket process MaturityMap knows: {allowed}",
        "{process} 不是 MaturityMap 支持的工单流程：可用的流程为 {allowed}",
    ),
    "evidence_not_found": (
        "assessment {assessment} holds no evidence from the ticket system numbered {evidence}",
        "评估 {assessment} 中没有编号为 {evidence} 的工单数据佐证",
    ),
    "evidence_too_large": (
        "{file}: the results are larger than an assessment keeps per process ({what}: {size}, at most {limit}): "
        "import a smaller export (fewer units or a shorter period)",
        "{file}：结果超出每个流程可保存的上限（{what}：{size}，上限 {limit}）："
        "请导入范围更小的导出文件（更少的单位或更短的时间段）",
    ),
    "evidence_rows_too_large": (
        "{file}: the rows take {size} bytes compressed, more than the {limit} an assessment keeps per process: "
        "import it without keeping the rows (the KPIs and maps are stored all the same)",
        "{file}：明细行压缩后为 {size} 字节，超过每个流程可保存的上限 {limit} 字节："
        "请选择不保留明细行再导入（KPI 与流程图照常保存）",
    ),
    "evidence_rows_unreadable": (
        "{file}: the rows kept with this evidence cannot be read ({detail}): import the file again",
        "{file}：该工单数据佐证保留的明细行无法读取（{detail}）：请重新导入该文件",
    ),
    "bundle_unknown_kpi": (
        "KPI {kpi} is not one this version of MaturityMap computes",
        "KPI {kpi} 不是当前版本的 MaturityMap 计算的 KPI",
    ),
    "bundle_unsafe_svg": (
        "the process map holds {found}, which a map drawn by MaturityMap never does",
        "流程图中含有 {found}，MaturityMap 绘制的流程图不会包含此内容",
    ),
    "bundle_evidence_mismatch": (
        "the process mining is of process {found}, not of the evidence's own",
        "流程挖掘结果属于流程 {found}，与该工单数据佐证的流程不符",
    ),
    "bundle_not_hex": (
        "'{value}' is not 64 hexadecimal digits (0-9, a-f)",
        "“{value}”不是 64 位十六进制数字（0-9、a-f）",
    ),
    "bundle_too_many_entries": (
        "holds {found} entries, more than the {limit} MaturityMap keeps",
        "包含 {found} 项，超过 MaturityMap 可保存的上限 {limit} 项",
    ),
    "bundle_evidence_rows": (
        "the kept rows cannot be read ({detail})",
        "保留的明细行无法读取（{detail}）",
    ),
    #
    #
    # indicators in the questionnaire (issue 20, part D)
    "unknown_kpi": (
        "item {item}: the indicator names KPI '{kpi}', which is not a KPI (the nearest: {nearest}; docs/evidence.md "
        "defines them all)",
        "题目 {item}：佐证指标引用的 KPI“{kpi}”不存在（最接近的：{nearest}；全部 KPI 的定义见 docs/evidence.md）",
    ),
    "indicator_rate_range": (
        "item {item}: KPI '{kpi}' is a share from 0 to 1, so the threshold {value} is outside [0, 1] (write 90 % "
        "as 0.9)",
        "题目 {item}：KPI“{kpi}”是 0 到 1 之间的比例，阈值 {value} 超出 [0, 1] 范围（90% 应写作 0.9）",
    ),
    "indicator_below_zero": (
        "item {item}: KPI '{kpi}' is never below 0, so the threshold {value} says nothing",
        "题目 {item}：KPI“{kpi}”不会小于 0，阈值 {value} 没有意义",
    ),
    "indicator_wrong_data": (
        "item {item}: KPI '{kpi}' is computed from {expected} tickets, not from {data} tickets",
        "题目 {item}：KPI“{kpi}”由 {expected} 工单计算，而不是由 {data} 工单计算",
    ),
    "indicator_needs_data": (
        "item {item}: KPI '{kpi}' can come from the tickets of several processes, and process '{process}' has none "
        "of its own: say which with 'data' ({allowed})",
        "题目 {item}：KPI“{kpi}”可由多个流程的工单计算，而流程“{process}”没有自己的工单：请用“data”指明（{allowed}）",
    ),
}


# Labels of result tables, shared by the command line, the app and the exports.
LABELS: dict[str, tuple[str, str]] = {
    "process": ("Process", "流程"),
    "level": ("Level", "等级"),
    "score": ("Score", "得分"),
    "coverage": ("Coverage", "覆盖率"),
    "target": ("Target", "目标"),
    "gap": ("Gap", "差距"),
    "ratings": ("Ratings L1-L5", "各级评定 L1-L5"),
    "respondents": ("Respondents", "答卷人"),
    "summary": (
        "Questionnaire {id} {version} · rule {rule} · {respondents} respondents",
        "问卷 {id} {version} · 规则 {rule} · 答卷人 {respondents} 名",
    ),
}


def label(key: str, lang: str = "en") -> str:
    """A table label in `lang`."""
    return LABELS[key][1 if lang == "zh" else 0]


KINDS: dict[str, tuple[str, str]] = {
    "context record": ("context record", "背景记录"),
    "sample": ("sample", "样本记录"),
    "text": ("text", "文本"),
    "boolean": ("true or false", "是或否（true/false）"),
    "number": ("a number", "数字"),
    "choice": ("one of", "以下之一"),
    "list": ("a list of", "以下各项的列表"),
    "date": ("a date YYYY-MM-DD", "日期（YYYY-MM-DD）"),
    "action fields": ("the fields of an action", "行动项的各字段"),
    "client": ("client", "客户"),
    "assessment": ("assessment", "评估"),
    "respondent": ("respondent", "答卷人"),
    "action": ("action", "行动项"),
    "walkthrough": ("walkthrough", "穿行测试"),
    "check": ("check", "检查项"),
    "context section": ("context section", "背景部分"),
    "context field": ("context field", "背景字段"),
    "process": ("process", "流程"),
    "item": ("item", "题目"),
    "role": ("role", "角色"),
    "dimension": ("dimension", "维度"),
    "scale": ("scale", "量表"),
    "framework": ("framework", "框架"),
    "clause": ("clause", "条款"),
}


# How the questionnaire loader shows a value that is not a scalar, in the `value` of these codes.
SHOWN_VALUES: dict[str, tuple[str, str]] = {
    "nothing": ("nothing", "空值"),
    "a mapping": ("a mapping", "映射"),
    "a list": ("a list", "列表"),
}
SHOWN_VALUE_CODES = frozenset(
    ("want_whole_number", "want_number", "want_text", "want_list", "want_mapping", "want_bool", "must_be_one_of")
)


def listed(values, lang: str = "en") -> str:
    """Values as a list in a sentence: separated by 、 in Chinese, by ', ' in English."""
    return ("、" if lang == "zh" else ", ").join(str(value) for value in values)


def render_message(code: str, params: dict, lang: str = "en") -> str:
    """The message for `code` in `lang`, its fields filled from `params`."""
    en, zh = MESSAGES[code]
    template = zh if lang == "zh" else en
    # a list is written as the language writes lists: 北京总部、广州分公司 / Beijing, Guangzhou
    params = {key: listed(value, lang) if isinstance(value, (list, tuple)) else value for key, value in params.items()}
    kinds = {  # a value the table does not know is shown as it is, never a crash in an error message
        key: KINDS[value][1 if lang == "zh" else 0] if value in KINDS else value
        for key, value in params.items()
        if key.endswith("kind")
    }
    if kinds:
        params = {**params, **kinds}
    if code in SHOWN_VALUE_CODES and params.get("value") in SHOWN_VALUES:
        params = {**params, "value": SHOWN_VALUES[params["value"]][1 if lang == "zh" else 0]}
    return template.format(**params)


# The collection methods: the id a file or the database holds, and its name (English, Chinese). A file may write
# any of the three (assessment/inputs/vocabulary.py).
METHOD_LABELS: dict[str, tuple[str, str]] = {
    "": ("Not stated", "未注明"),
    **{method: TERMS[method] for method in ("interview", "survey", "workshop", "walkthrough", "web survey")},
}
# The answers that score nothing, by the id a file or the database holds: (English, Chinese)
UNSCORED_LABELS: dict[str, tuple[str, str]] = {key: TERMS[key] for key in ("na", "unknown")}
