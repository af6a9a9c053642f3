"""Compare what two accounts say about one actor's role (who led, who followed) and how it turned out, across
the accounts rather than inside an aligned pair: each account's claims about a particular actor are gathered,
weighed and compared; opposite roles are a `stance` divergence, the same role insisted on by both an agreement.
The claims themselves come from compare.claims (stance cues); labels and evidence are compare.judge's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .analysis import analyse
from .claims import Actor, Stance, stem
from .judge import Evidence, Judgement, _ev, _sign

__all__ = ["ActorStance", "compare_actor_stances", "compare_outcomes"]


@dataclass(frozen=True, slots=True)
class ActorStance:
    """What two accounts say about one actor's role, compared across the accounts (not within an aligned
    pair): a and b are the sentences of each side's strongest claim; the judgement's evidence quotes every
    claim that produced it."""

    a: Any                           # compare.document.Span
    b: Any
    actor: str                       # the actor as A names it ("Bolshevik party")
    judgement: Judgement


@dataclass(frozen=True, slots=True)
class _Claim:
    side: str
    sentence: Any                    # compare.document.Sentence
    stance: Stance
    value: float                     # signed weight, reported views counted at 0.6
    resolved: str | None = None      # how a pronoun subject was read, if it was

    @property
    def actor(self) -> Actor:
        """The particular actor the claim is about (_actor_claims keeps only claims that have one)."""
        assert self.stance.actor is not None
        return self.stance.actor


_MIN_SIDE = 0.6          # a side needs at least one clear cue ("leaders of X", weight 0.6) about the actor
_MIN_CONSISTENCY = 0.75  # and its claims must mostly point one way
_MIN_AGREE = 1.2         # an agreement needs two claims or more a side, this strong together
_MIN_CLAIMS = 2          # either label needs this many claims a side pointing its way: one passing cue a side
                         # is no view of the actor's role (ECB+ sports reports: "in position to take the lead"
                         # against "never led"; the seeds' Bolshevik divergence rests on 3 and 7)


_PRONOUN = re.compile(r"\b(?P<p>they|he|she)\s+(?:[a-z]+\s+){0,2}$", re.I)


def _actor_claims(doc: Any, side: str, keep_boilerplate: bool) -> list[_Claim]:
    """Agency claims about a particular actor (a name, or a named group such as the Bolsheviks), one per
    sentence and actor: a generic actor ("any party") or a bare group noun ("the workers") is too vague to be
    matched across two accounts, and a planning cue ("spontaneous") speaks of the event, not of the actor.

    A cue whose subject is a pronoun ("In October, they led…") is read as the actor of the previous sentence
    of the same paragraph when that sentence made a claim about exactly one particular actor, in the right
    number ("they" a group, "he"/"she" a person); such a claim weighs 0.8 of a named one.
    """
    out: list[_Claim] = []
    prev: tuple[int, int, _Claim] | None = None         # (paragraph, sentence index, the one claim there)
    an = analyse(doc)
    for sent in doc.content_sentences(keep_boilerplate):
        claims = an.sentences[sent.index].claims
        per_actor: dict[frozenset[str], list[tuple[float, Stance, str | None]]] = {}
        antecedent = prev[2] if prev is not None and prev[0] == sent.paragraph and \
            prev[1] == sent.index - 1 else None
        for st in claims.stances:
            if st.dimension != "agency":
                continue
            a = st.actor
            value = st.sign * st.weight * (0.6 if st.frame == "reported" else 1.0)
            resolved = None
            if a is None and antecedent is not None:
                m = _PRONOUN.search(claims.text[:st.start - claims.offset])
                ante = antecedent.stance.actor
                if m is not None and ante is not None and (
                        (m["p"].lower() == "they") == (ante.kind == "group" or ante.text.rstrip().endswith("s"))):
                    a, value = ante, value * 0.8
                    resolved = (f"{m['p']!r} read as {' '.join(ante.text.split())!r} "
                                f"(previous sentence, line {antecedent.sentence.line})")
            if a is None or a.generic or not a.proper or not a.confirmed:
                continue
            per_actor.setdefault(a.proper, []).append((value, st if resolved is None else Stance(
                st.start, st.end, st.cue, st.dimension, st.base, st.negated, st.weight, a, st.clause_start,
                st.clause_end, st.clause, st.negation, st.frame), resolved))
        best: dict[frozenset[str], _Claim] = {}
        for key, items in per_actor.items():
            # one claim per sentence and actor: the strongest cue, and half of each further cue of the same
            # polarity ("the leaders of the Bolshevik party which saw that…"), at most 1
            items.sort(key=lambda vs: (-abs(vs[0]), vs[1].frame != ""))
            v0, st0, res0 = items[0]
            extra = sum(abs(v) for v, _, _ in items[1:] if v * v0 > 0) * 0.5
            best[key] = _Claim(side, sent, st0, (1 if v0 > 0 else -1) * min(1.0, abs(v0) + extra), res0)
        out.extend(best.values())
        prev = (sent.paragraph, sent.index, next(iter(best.values()))) if len(best) == 1 else None
    return out


def _claim_evidence(c: _Claim) -> Evidence:
    st = c.stance
    kind = "negation" if st.negated else "stance"
    notes = [f"cue {' '.join(st.cue.split())!r} at {st.start}–{st.end}"]
    if st.negated:
        notes.append("negated")
    if st.frame:
        notes.append(st.frame + (" by its writer" if st.frame == "refuted" else ""))
    if c.resolved:
        notes.append(c.resolved)
    return _ev(c.side, kind, st.clause, st.clause_start, st.clause_end, f"{_sign(st)} ({', '.join(notes)})")


def _claim_detail(c: _Claim) -> dict[str, Any]:
    st = c.stance
    return {"side": c.side, "sentence": c.sentence.span.to_dict(), "cue": " ".join(st.cue.split()),
            "cue_start": st.start, "cue_end": st.end, "actor": " ".join(st.actor.text.split()) if st.actor else None,
            "sign": st.sign, "negated": st.negated, "frame": st.frame, "weight": round(abs(c.value), 3),
            "pronoun": c.resolved}


def compare_actor_stances(a_doc: Any, b_doc: Any, *, keep_boilerplate: bool = False,
                          agreements: bool = True) -> list[ActorStance]:
    """Compare, actor by actor, the role the two accounts give to each actor both make claims about.

    Two accounts can disagree about who led an event without telling the same part of the story, so no
    aligned pair shows it ("only the leaders of the Bolshevik party saw the way" in one, "the Bolsheviks were
    quite behind the People" in the other). For each particular actor (see _actor_claims) both accounts make
    agency claims about (led, guided, organised / lagged behind, not called by...; negations and the writer's
    own refutations — "… not at all true!" — taken into account), each side's claims are summed into one
    polarity. Opposite polarities, each at least _MIN_SIDE strong and _MIN_CONSISTENCY consistent, are a
    divergence (type "negation" when the two top claims differ by a negation of the same cue, else "stance");
    the same polarity is an agreement (when ``agreements``, and only when _MIN_AGREE strong together). Either
    needs _MIN_CLAIMS claims or more a side pointing its way. An actor merely mentioned, or weakly or
    inconsistently described on either side, gives nothing. The score grows with the weaker side's strength
    and both sides' consistency.
    """
    claims_a = _actor_claims(a_doc, "a", keep_boilerplate)
    claims_b = _actor_claims(b_doc, "b", keep_boilerplate)
    # group the claims by actor: mentions whose name stems overlap are one actor (Bolshevik party ~ Bolsheviks)
    groups: list[tuple[set[str], list[_Claim]]] = []
    for c in claims_a + claims_b:
        names = set(c.actor.proper)
        hits = [g for g in groups if g[0] & names]
        merged: tuple[set[str], list[_Claim]] = (names, [c])
        for g in hits:
            merged[0].update(g[0])
            merged[1].extend(g[1])
            groups.remove(g)
        groups.append(merged)
    out: list[ActorStance] = []
    for _, members in groups:
        sides = {s: [c for c in members if c.side == s] for s in ("a", "b")}
        if not sides["a"] or not sides["b"]:
            continue
        summary = {}
        for s, cs in sides.items():
            net = sum(c.value for c in cs)
            total = sum(abs(c.value) for c in cs)
            sign = 1 if net > 0 else -1
            support = [c for c in cs if c.value * sign > 0]
            summary[s] = (net, abs(net) / total if total else 0.0, sign, support,
                          [c for c in cs if c.value * sign < 0])
        (net_a, cons_a, sign_a, sup_a, against_a) = summary["a"]
        (net_b, cons_b, sign_b, sup_b, against_b) = summary["b"]
        if min(abs(net_a), abs(net_b)) < _MIN_SIDE or min(cons_a, cons_b) < _MIN_CONSISTENCY:
            continue
        if min(len(sup_a), len(sup_b)) < _MIN_CLAIMS:
            continue          # a passing mention a side, not two views of the actor's role
        if sign_a == sign_b and (not agreements or min(abs(net_a), abs(net_b)) < _MIN_AGREE):
            continue          # an agreement is news only when both accounts insist on it
        for sup in (sup_a, sup_b):     # the plainest claims first: strongest, asserted by the writer, earliest
            sup.sort(key=lambda c: (-abs(c.value), c.stance.frame != "", c.sentence.index))
        top_a, top_b = sup_a[0], sup_b[0]
        strength = min(1.0, min(abs(net_a), abs(net_b)) / 1.5)
        score = round(min(0.85, 0.35 + 0.4 * strength + 0.1 * cons_a * cons_b), 3)
        who_a = " ".join(top_a.actor.text.split())
        who_b = " ".join(top_b.actor.text.split())
        evidence = tuple(_claim_evidence(c) for c in sup_a[:3]) + tuple(_claim_evidence(c) for c in sup_b[:3])
        details: dict[str, Any] = {
            "basis": "actor stance", "actor": {"a": who_a, "b": who_b}, "dimension": "agency",
            "polarity": {"a": round(net_a, 3), "b": round(net_b, 3)},
            "consistency": {"a": round(cons_a, 3), "b": round(cons_b, 3)},
            "claims": [_claim_detail(c) for c in sup_a + sup_b],
            "against": [_claim_detail(c) for c in against_a + against_b],
        }
        pol = {1: "leads/directs", -1: "does not lead / lags behind"}
        if sign_a != sign_b:
            # "negation" when one side denies what the other asserts with the same word ("led" / "not led")
            kind = "negation" if (top_a.stance.negated != top_b.stance.negated and stem(
                top_a.stance.cue.split()[0]) == stem(top_b.stance.cue.split()[0])) else "stance"
            reason = (f"opposite roles for {who_a} across the accounts: A {pol[sign_a]} "
                      f"({len(sup_a)} claim{'s' if len(sup_a) > 1 else ''}, first "
                      f"{' '.join(top_a.stance.cue.split())!r}), B {pol[sign_b]} ({len(sup_b)} "
                      f"claim{'s' if len(sup_b) > 1 else ''}, first {' '.join(top_b.stance.cue.split())!r})")
            jd = Judgement("divergence", kind, score, evidence, reason, details)
        else:
            reason = (f"both accounts say {who_a} {pol[sign_a]} ({len(sup_a)} and {len(sup_b)} claims; first "
                      f"{' '.join(top_a.stance.cue.split())!r} / {' '.join(top_b.stance.cue.split())!r})")
            jd = Judgement("agreement", None, score, evidence, reason, details)
        out.append(ActorStance(top_a.sentence.span, top_b.sentence.span, who_a, jd))
    out.sort(key=lambda x: -x.judgement.score)
    return out


# --- how it turned out, across two accounts -----------------------------------------------------------------

_MIN_OUTCOME = 0.6       # each account needs at least one clear outcome cue (weight 0.8, net of the others)


def compare_outcomes(a_doc: Any, b_doc: Any, *, keep_boilerplate: bool = False) -> list[ActorStance]:
    """Whether the two accounts say opposite things about how it turned out: one that what was built lasted
    or thrived ("sustained", "flourished", "endured"), the other that it decayed ("degenerated", "collapsed").

    Like actor stances, this is compared across the accounts, since an account's verdict on the outcome is
    rarely aligned with the other's. Each account's outcome cues the writer asserts (not refuted, not
    reported) are summed, a negation flipping a cue; opposite sums, each at least _MIN_OUTCOME strong, are a
    ``stance`` divergence quoting every cue's clause.
    """
    sides: dict[str, list[tuple[Any, Stance, float]]] = {"a": [], "b": []}
    for side, doc in (("a", a_doc), ("b", b_doc)):
        an = analyse(doc)
        for sent in doc.content_sentences(keep_boilerplate):
            for st in an.sentences[sent.index].claims.stances:
                if st.dimension == "outcome" and st.frame == "":
                    sides[side].append((sent, st, st.sign * st.weight))
    net = {k: sum(v for _, _, v in xs) for k, xs in sides.items()}
    if min(abs(net["a"]), abs(net["b"])) < _MIN_OUTCOME or (net["a"] > 0) == (net["b"] > 0):
        return []
    top = {k: sorted((x for x in xs if x[2] * net[k] > 0), key=lambda x: -abs(x[2])) for k, xs in sides.items()}
    evidence = tuple(_ev(k, "stance", st.clause, st.clause_start, st.clause_end,
                         f"{'+' if v > 0 else '-'} ({' '.join(st.cue.split())!r})")
                     for k in ("a", "b") for _, st, v in top[k][:3])
    word = {True: "lasted or thrived", False: "decayed"}
    ca, cb = top["a"][0][1], top["b"][0][1]
    reason = (f"opposite outcomes across the accounts: A says it {word[net['a'] > 0]} "
              f"({' '.join(ca.cue.split())!r}), B says it {word[net['b'] > 0]} ({' '.join(cb.cue.split())!r})")
    score = round(min(0.8, 0.4 + 0.2 * min(abs(net["a"]), abs(net["b"]))), 3)
    details = {"basis": "outcome", "dimension": "outcome",
               "polarity": {"a": round(net["a"], 3), "b": round(net["b"], 3)}}
    jd = Judgement("divergence", "stance", score, evidence, reason, details)
    return [ActorStance(top["a"][0][0].span, top["b"][0][0].span, "outcome", jd)]
