"""A BPMN file of the designed process as the reference: read bounded, hostile or broken files refused by name."""

from __future__ import annotations

import pytest

from assessment.evidence.mining import mine
from assessment.inputs.bpmn import MAX_BPMN_BYTES, MAX_BPMN_DEPTH, read_bpmn
from assessment.problems import InputError
from tests.evidence.mining_logs import cases, ticket_log

NAMESPACE = "http://www.omg.org/spec/BPMN/20100524/MODEL"
# New -> In Progress -> Resolved -> Closed, with an exclusive gateway letting a ticket go back to In Progress once
# resolved (a reopening)
DESIGNED = f"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="{NAMESPACE}" id="defs" targetNamespace="http://example.com/itsm">
  <process id="incident" name="Incident management" isExecutable="false">
    <startEvent id="start"/>
    <task id="new" name="New"/>
    <userTask id="work" name="In Progress"/>
    <task id="resolve" name="Resolved"/>
    <exclusiveGateway id="reopen"/>
    <task id="close" name="Closed"/>
    <endEvent id="end"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="new"/>
    <sequenceFlow id="f2" sourceRef="new" targetRef="work"/>
    <sequenceFlow id="f3" sourceRef="work" targetRef="resolve"/>
    <sequenceFlow id="f4" sourceRef="resolve" targetRef="reopen"/>
    <sequenceFlow id="f5" sourceRef="reopen" targetRef="work"/>
    <sequenceFlow id="f6" sourceRef="reopen" targetRef="close"/>
    <sequenceFlow id="f7" sourceRef="close" targetRef="end"/>
  </process>
</definitions>
"""

# As a modeller writes it (Camunda Modeler): prefixed elements, incoming/outgoing children, the diagram's shapes
MODELLER = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
    xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn"
    exporter="Camunda Modeler" exporterVersion="5.0.0">
  <bpmn:process id="Process_1" isExecutable="false">
    <bpmn:startEvent id="StartEvent_1">
      <bpmn:outgoing>Flow_1</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:task id="Task_1" name="新建">
      <bpmn:incoming>Flow_1</bpmn:incoming>
      <bpmn:outgoing>Flow_2</bpmn:outgoing>
    </bpmn:task>
    <bpmn:userTask id="Task_2" name="处理中">
      <bpmn:incoming>Flow_2</bpmn:incoming>
      <bpmn:outgoing>Flow_3</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="EndEvent_1">
      <bpmn:incoming>Flow_3</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_1" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_1" targetRef="Task_2" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Task_2" targetRef="EndEvent_1" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="Process_1">
      <bpmndi:BPMNShape id="_BPMNShape_StartEvent_2" bpmnElement="StartEvent_1">
        <dc:Bounds x="179" y="99" width="36" height="36" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_1_di" bpmnElement="Task_1">
        <dc:Bounds x="270" y="77" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_2_di" bpmnElement="Task_2">
        <dc:Bounds x="430" y="77" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="EndEvent_1_di" bpmnElement="EndEvent_1">
        <dc:Bounds x="592" y="99" width="36" height="36" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_1_di" bpmnElement="Flow_1">
        <di:waypoint x="215" y="117" />
        <di:waypoint x="270" y="117" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_2_di" bpmnElement="Flow_2">
        <di:waypoint x="370" y="117" />
        <di:waypoint x="430" y="117" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_3_di" bpmnElement="Flow_3">
        <di:waypoint x="530" y="117" />
        <di:waypoint x="592" y="117" />
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
"""


@pytest.fixture
def designed(tmp_path):
    path = tmp_path / "incident.bpmn"
    path.write_text(DESIGNED, encoding="utf-8")
    return path


def refusal(path) -> tuple[str, str, str]:
    """The code and the English and Chinese messages of the one problem reading `path` raises."""
    with pytest.raises(InputError) as caught:
        read_bpmn(path)
    [problem] = caught.value.problems
    return problem.code, problem.render("en"), problem.render("zh")


def test_a_bpmn_model_is_read_with_its_tasks(designed):
    model = read_bpmn(designed)
    assert model.name == "incident.bpmn"
    assert model.tasks == ("New", "In Progress", "Resolved", "Closed")
    assert {transition.label for transition in model.net.transitions} >= set(model.tasks)


def test_cases_are_replayed_on_the_designed_process(designed):
    reopened = ("New", "In Progress", "Resolved", "In Progress", "Resolved", "Closed")
    rows = cases("A", "Beijing", 6) + cases("B", "Guangzhou", 6, reopened)
    rows += cases("C", "Chengdu", 6, ("New", "Resolved", "Closed"))
    mining = mine(ticket_log(rows), bpmn=designed)
    fitness = {flow.unit: flow.fitness for flow in mining.units}
    assert mining.reference == "bpmn:incident.bpmn"
    assert fitness["Beijing"] == pytest.approx(1.0)
    assert fitness["Guangzhou"] == pytest.approx(1.0)  # a reopening the design allows
    assert fitness["Chengdu"] < 0.9


def test_a_doctype_with_entities_is_refused_before_parsing(tmp_path):
    path = tmp_path / "laughs.bpmn"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE definitions [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n'
        f'<definitions xmlns="{NAMESPACE}"><process id="p"><task id="t" name="&lol2;"/></process></definitions>',
        encoding="utf-8",
    )
    code, english, chinese = refusal(path)
    assert code == "bpmn_doctype"
    assert english.startswith("laughs.bpmn:2: a BPMN file must not declare a DOCTYPE")
    assert chinese.startswith("laughs.bpmn:2: BPMN 文件不得声明 DOCTYPE")


def test_an_external_entity_is_refused(tmp_path):
    path = tmp_path / "xxe.bpmn"
    path.write_text(
        '<!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        f'<definitions xmlns="{NAMESPACE}"><process id="p"><task id="t" name="&secret;"/></process></definitions>',
        encoding="utf-8",
    )
    assert refusal(path)[0] == "bpmn_doctype"


def test_a_file_too_large_is_refused_unread(tmp_path):
    path = tmp_path / "huge.bpmn"
    with path.open("wb") as stream:
        stream.write(DESIGNED.encode().replace(b"</definitions>", b""))
        stream.write(b"<!-- padding -->" * (MAX_BPMN_BYTES // 16))
        stream.write(b"</definitions>")
    code, english, _ = refusal(path)
    assert code == "file_too_large"
    assert english.startswith("huge.bpmn: file is ")


def test_a_deeply_nested_file_is_refused(tmp_path):
    path = tmp_path / "deep.bpmn"
    depth = MAX_BPMN_DEPTH + 5
    path.write_text(
        f'<definitions xmlns="{NAMESPACE}">' + "<x>" * depth + "</x>" * depth + "</definitions>", encoding="utf-8"
    )
    code, english, chinese = refusal(path)
    assert code == "bpmn_too_deep"
    assert english == f"deep.bpmn: the model's XML is nested more than {MAX_BPMN_DEPTH} levels deep"
    assert chinese == f"deep.bpmn: 模型的 XML 嵌套超过 {MAX_BPMN_DEPTH} 层"


@pytest.mark.parametrize(
    ("text", "code", "english"),
    [
        ("<definitions><process>", "bpmn_syntax", "broken.bpmn:1: not well-formed XML: "),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"/>',
            "bpmn_not_bpmn",
            f"broken.bpmn: not a BPMN 2.0 model: the root element is svg, not definitions of {NAMESPACE}",
        ),
        (
            f'<definitions xmlns="{NAMESPACE}"><process id="p"><startEvent id="s"/></process></definitions>',
            "bpmn_no_tasks",
            "broken.bpmn: the model has no named task, or no start or end event",
        ),
        (
            DESIGNED.replace('targetRef="close"', 'targetRef="nowhere"'),
            "bpmn_unusable",
            "broken.bpmn: the model cannot be turned into a process to replay the cases on",
        ),
    ],
)
def test_a_broken_file_is_refused_with_its_name(tmp_path, text, code, english):
    path = tmp_path / "broken.bpmn"
    path.write_text(text, encoding="utf-8")
    found, message, chinese = refusal(path)
    assert found == code
    assert message.startswith(english)
    assert chinese.startswith("broken.bpmn")


def test_a_missing_file_is_named(tmp_path):
    code, english, chinese = refusal(tmp_path / "missing.bpmn")
    assert (code, english, chinese) == ("file_not_found", "missing.bpmn: file not found", "missing.bpmn: 找不到文件")


def test_a_modellers_file_with_its_diagram_and_chinese_task_names_is_a_reference(tmp_path):
    path = tmp_path / "事件管理.bpmn"
    path.write_text(MODELLER, encoding="utf-8")
    assert read_bpmn(path).tasks == ("新建", "处理中")
    rows = cases("A", "北京", 5, ("新建", "处理中")) + cases("B", "广州", 5, ("新建", "处理中", "处理中"))
    mining = mine(ticket_log(rows), bpmn=path)
    assert mining.reference == "bpmn:事件管理.bpmn"
    fitness = {flow.unit: flow.fitness for flow in mining.units}
    assert fitness["北京"] == pytest.approx(1.0)
    assert fitness["广州"] < 1.0  # a second 处理中 the design does not have


def test_a_doctype_in_utf16_is_refused_by_the_parser_too(tmp_path):
    path = tmp_path / "wide.bpmn"
    text = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY x "x">]>'
        f'<definitions xmlns="{NAMESPACE}"><process id="p"><task id="t" name="&x;"/></process></definitions>'
    )
    path.write_bytes(text.encode("utf-16"))
    code, english, _ = refusal(path)
    assert code == "bpmn_doctype"
    assert english.startswith("wide.bpmn: a BPMN file must not declare a DOCTYPE")
