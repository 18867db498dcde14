"""The reference model a unit's cases are compared with, and their token-based replay fitness on it (pm4py)."""

from __future__ import annotations

import functools
import importlib.util
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

# The inductive miner's noise threshold (IMf): directly-follows relations rarer than 20 % of their activity's most
# frequent one are left out of the model discovered from the reference unit, pm4py's and ProM's usual setting, so
# that a few odd cases do not make the model accept everything.
NOISE_THRESHOLD = 0.2
ACTIVITY_KEY = "concept:name"


@dataclass(frozen=True)
class ReferenceModel:
    """A Petri net with its initial and final markings: the process the cases are replayed on."""

    net: Any
    initial_marking: Any
    final_marking: Any


def discover_reference(variants: Counter[tuple[str, ...]]) -> ReferenceModel:
    """The inductive miner's (IMf) model of these variants, weighted by their cases, as a Petri net."""
    # Imported here: pm4py takes two seconds to import, and only mining needs it
    from pm4py.algo.discovery.inductive.dtypes.im_ds import IMDataStructureUVCL
    from pm4py.algo.discovery.inductive.variants.imf import IMFUVCL
    from pm4py.objects.conversion.process_tree import converter
    from pm4py.objects.process_tree.utils.generic import fold, tree_sort

    parameters = {"noise_threshold": NOISE_THRESHOLD}
    # IMf over the variants and their counts: the same model as over the cases, without building an event log
    tree = IMFUVCL(parameters).apply(IMDataStructureUVCL(Counter(variants)), parameters)
    tree = fold(tree)
    tree_sort(tree)
    net, initial, final = converter.apply(tree)
    return ReferenceModel(net, initial, final)


TOKENS = ("missing_tokens", "consumed_tokens", "remaining_tokens", "produced_tokens")
Tokens = tuple[int, int, int, int]  # as TOKENS


def replay_tokens(variants: Iterable[tuple[str, ...]], model: ReferenceModel) -> dict[tuple[str, ...], Tokens]:
    """Token-based replay of each distinct variant once on the model: its missing, consumed, remaining and produced
    tokens."""
    from pm4py.objects.log.obj import Event, EventLog, Trace

    token_replay = _token_replay()
    distinct = list(dict.fromkeys(variants))
    if not distinct:
        return {}
    log = EventLog([Trace([Event({ACTIVITY_KEY: activity}) for activity in variant]) for variant in distinct])
    parameters = {
        token_replay.Parameters.ACTIVITY_KEY: ACTIVITY_KEY,
        token_replay.Parameters.SHOW_PROGRESS_BAR: False,
        # an activity the model does not know is a deviation, not something to skip: an extra step lowers fitness
        token_replay.Parameters.CONSIDER_ACTIVITIES_NOT_IN_MODEL_IN_FITNESS: True,
    }
    replayed = token_replay.apply(log, model.net, model.initial_marking, model.final_marking, parameters=parameters)
    return {
        variant: tuple(int(trace[key]) for key in TOKENS) for variant, trace in zip(distinct, replayed, strict=True)
    }


def fitness_of(variants: Counter[tuple[str, ...]], tokens: dict[tuple[str, ...], Tokens]) -> float | None:
    """pm4py's log fitness (its replay_fitness evaluator) of these cases, each variant's tokens counted per case."""
    missing, consumed, remaining, produced = (
        sum(cases * tokens[variant][kind] for variant, cases in variants.items()) for kind in range(len(TOKENS))
    )
    if not consumed or not produced:
        return None
    return min(1.0, max(0.0, 0.5 * (1 - missing / consumed) + 0.5 * (1 - remaining / produced)))


def replay_fitness(variants: Counter[tuple[str, ...]], model: ReferenceModel) -> float | None:
    """Token-based replay fitness (0..1) of these cases on the model, each distinct variant replayed once."""
    return fitness_of(variants, replay_tokens(variants, model))


@functools.cache
def _token_replay() -> ModuleType:
    """pm4py's token replay, as a private copy of its module that skips one step whose result fitness never reads.

    After replaying a trace, pm4py also lists the visible transitions its end marking could reach through silent
    ones, by walking every path of silent transitions: on a model discovered from a messy unit (many optional and
    looping steps) that walk was 90 % of the replay (79 ms a trace; 10.8 s against 0.96 s for 400 variants, the
    tokens identical). The copy is its own module object: pm4py's module, and anyone else using it, are untouched.
    """
    from pm4py.objects.petri_net.utils import align_utils

    spec = importlib.util.find_spec("pm4py.algo.conformance.tokenreplay.variants.token_replay")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.align_utils = _WithoutEndMarkingWalk(align_utils)
    return module


class _WithoutEndMarkingWalk:
    """pm4py's align_utils, except the walk from a trace's end marking, which gives nothing."""

    def __init__(self, real: ModuleType):
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    @staticmethod
    def get_visible_transitions_eventually_enabled_by_marking(net: Any, marking: Any) -> set:
        return set()
