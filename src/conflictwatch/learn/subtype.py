"""A sub-event classifier learned from ACLED's notes: calibrated probabilities over the sub-types.

The text a model sees is normalised so that what it learns carries from ACLED's notes to news text
(:func:`normalise`): ACLED's own labels written into a note ("Movement of forces: ..."), bracketed
asides ("[size=no report]", "(Koro, Mopti)"), dates and figures are removed, so the model learns
what happened, not when or how the note was written. Names are kept: trained on four fifths of the
countries and tested on the rest, dropping capitalised words lost 1.3 points of accuracy (76.8% against
78.1%), so names of armed groups and forces carry across countries. Features are TF-IDF word 1-2-grams and character 3-5-grams inside words (which
stand in for lemmas: "attacked", "attacks", "attacking" share "attack"), both with a capped
vocabulary. The classifier is a multinomial logistic regression, whose probabilities are
calibrated enough to act on (checked on a held-out slice of train: :meth:`SubtypeModel.fit` gives
the accuracy, the log loss and the mean confidence).

The coded record is skewed (US protests, Gaza strikes, Philippine drug-war killings): training
keeps at most :attr:`SubtypeModel.cap` rows per (country, sub-type), chosen by a stable hash, so no
source or class dominates.

Saved with skops (no pickle): ``subtype/model.skops`` plus ``subtype/meta.json``; loading accepts
only the types in :data:`TRUSTED`.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import zipfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from conflictwatch.learn.acled import AcledRow, ModelError

MODEL_FILE = "model.skops"
META_FILE = "meta.json"

#: The only types a saved sub-type model may contain (checked before loading): plain containers,
#: strings and numbers, and numpy arrays (of numbers and of strings, saved without pickle).
TRUSTED = ["numpy.ndarray", "numpy.dtype"]
#: The layout of model.skops; another is refused.
LAYOUT = 1
#: ACLED writes its notes in English: the language of a model whose meta.json does not record one.
NOTES_LANGUAGE = "en"
#: The vectorizers' settings (the same at training and at prediction); the vocabulary caps are
#: :attr:`SubtypeModel.max_words` and :attr:`SubtypeModel.max_chars`.
VECTORIZERS = {
    "words": {"analyzer": "word", "ngram_range": (1, 2), "min_df": 3},
    "chars": {"analyzer": "char_wb", "ngram_range": (3, 5), "min_df": 5},
}

# --- the text the model sees ----------------------------------------------------------------------

_LABEL = re.compile(r"^\s*([A-Z][A-Za-z/ -]{2,40}):\s+(?=\S)")  # "Movement of forces: On 5 August ..."
_ASIDE = re.compile(r"\[[^\]]*\]|\([^)]*\)")  # "[size=no report]", "(Jowhar, Middle Shabelle)"
_MONTHS = re.compile(r"\b(?:january|february|march|april|may|june|july|august|september|october|november|"
                     r"december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?", re.I)
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The text as the model reads it (the same for training notes and for reports)."""
    text = _LABEL.sub("", text)
    text = _ASIDE.sub(" ", text)
    text = _MONTHS.sub(" ", text)
    text = _DIGITS.sub(" 0 ", text)
    return _SPACE.sub(" ", text).lower().strip()


def note_label(notes: str) -> str | None:
    """The label a coded note opens with, as the headings table keys it ("movement of forces" for
    "Movement of forces: On 5 August ..."), else None."""
    m = _LABEL.match(notes or "")
    return heading_key(m.group(1)) if m else None


def heading_key(label: str) -> str:
    """A note's opening label as the headings table keys it: lower case, single spaces."""
    return " ".join(label.lower().split())


def read_headings(path: Path) -> dict[str, str]:
    """The headings of a saved sub-type model (``path``: its folder), read from its meta file alone
    (the pipeline needs them at start-up; the weights are read at the first report)."""
    meta_file = Path(path) / META_FILE
    if not meta_file.is_file():
        return {}
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ModelError(f"{meta_file}: not valid JSON ({exc})") from None
    return _checked_headings(meta, meta_file)


def headings_of(coded: Any) -> dict[str, str]:
    """The headings of a coded model's sub-type component (a conflictwatch.learn.model.CodedModel,
    or None): from the component when it is loaded, else from its meta file alone."""
    if coded is None:
        return {}
    loaded = coded.components.get("subtype")
    if loaded is not None:
        return dict(loaded.headings)
    folder = coded.pending.get("subtype")
    return read_headings(folder) if folder is not None else {}


def _checked_headings(meta: Any, meta_file: Path) -> dict[str, str]:
    headings = meta.get("headings", {}) if isinstance(meta, dict) else {}
    if not isinstance(headings, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in headings.items()):
        raise ModelError(f"{meta_file}: 'headings' must map labels to sub-event types")
    from conflictwatch.taxonomy import sub_types

    unknown = sorted(set(headings.values()) - set(sub_types()))
    if unknown:
        raise ModelError(f"{meta_file}: 'headings' names sub-event types ACLED does not have: {', '.join(unknown)}")
    return {heading_key(k): v for k, v in headings.items()}


def _stable(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")


class SubtypeModel:
    """Sub-event type from text, with calibrated probabilities (see the module's docstring)."""

    name: ClassVar[str] = "subtype"
    #: most rows kept per (country, sub-type)
    cap: ClassVar[int] = 400
    #: share of the kept rows held out for the figures
    held_out: ClassVar[float] = 0.05
    #: vocabulary caps (words, character n-grams): the model stays a few MB
    max_words: ClassVar[int] = 30_000
    max_chars: ClassVar[int] = 30_000
    #: inverse regularisation of the logistic regression
    C: ClassVar[float] = 10.0
    #: notes whose language is detected at training (a stable sample), the model's language the most common
    language_sample: ClassVar[int] = 200
    #: a label written before at least this many notes, this share of them of one sub-type, names that
    #: sub-type (:meth:`learn_headings`)
    heading_min_rows: ClassVar[int] = 20
    heading_share: ClassVar[float] = 0.85

    def __init__(self) -> None:
        self.vectorizers: list[Any] = []  # fitted TfidfVectorizers, words then characters
        self.coef: np.ndarray | None = None  # classes x features, float32
        self.intercept: np.ndarray | None = None
        self.classes: list[str] = []
        #: the language of the notes it learned from (ISO 639-1): it judges text in that language only
        self.lang: str = NOTES_LANGUAGE
        #: the labels ACLED writes before notes of one sub-type (lower case) -> that sub-type
        self.headings: dict[str, str] = {}
        self.meta: dict[str, Any] = {}

    # training ------------------------------------------------------------------------------

    @classmethod
    def select(cls, rows: Sequence[AcledRow]) -> list[AcledRow]:
        """The training rows: those with notes and a sub-type, at most :attr:`cap` per (country,
        sub-type), chosen by a stable hash of the note."""
        groups: dict[tuple[str, str], list[AcledRow]] = defaultdict(list)
        for r in rows:
            if r.get("notes") and r.get("sub_event_type"):
                groups[(r.get("country", ""), r["sub_event_type"])].append(r)
        kept: list[AcledRow] = []
        for key in sorted(groups):
            group = sorted(groups[key], key=lambda r: _stable(r["notes"]))
            kept.extend(group[: cls.cap])
        return kept

    @classmethod
    def learn_headings(cls, rows: Sequence[AcledRow]) -> dict[str, str]:
        """The labels the notes open with ("Movement of forces: On 5 August ...", "Looting: ...")
        that name one sub-type: written before at least :attr:`heading_min_rows` notes, at least
        :attr:`heading_share` of them of that sub-type. The classifier never sees them
        (:func:`normalise`); the pipeline makes them triggers (conflictwatch.nlp.Markers)."""
        from conflictwatch.taxonomy import sub_types

        known = set(sub_types())
        seen: dict[str, Counter] = defaultdict(Counter)
        for r in rows:
            m = _LABEL.match(r.get("notes") or "")
            if m and r.get("sub_event_type") in known:
                seen[heading_key(m.group(1))][r["sub_event_type"]] += 1
        found = {}
        for label, subs in sorted(seen.items()):
            n = sum(subs.values())
            sub, top = min(subs.items(), key=lambda kv: (-kv[1], kv[0]))
            if n >= cls.heading_min_rows and top >= cls.heading_share * n:
                found[label] = sub
        return found

    @classmethod
    def is_held_out(cls, row: AcledRow) -> bool:
        """Is this (selected) row kept out of training, for the figures and for tuning the policy?"""
        return _stable("held-out:" + row["notes"]) % 10_000 < cls.held_out * 10_000

    def _vectorizer(self, name: str, **extra: Any) -> Any:
        from sklearn.feature_extraction.text import TfidfVectorizer

        spec = VECTORIZERS[name]
        return TfidfVectorizer(analyzer=spec["analyzer"], ngram_range=tuple(spec["ngram_range"]),
                               sublinear_tf=True, dtype=np.float32, **extra)

    def fit(self, rows: Sequence[AcledRow]) -> dict[str, Any]:
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import accuracy_score, f1_score, log_loss

        start = time.perf_counter()
        kept = self.select(rows)
        labels = [r["sub_event_type"] for r in kept]
        if len(set(labels)) < 2:
            raise ModelError(f"subtype: need notes of at least two sub-event types to train on, found "
                             f"{len(set(labels))} among {len(rows)} rows")
        test = [self.is_held_out(r) for r in kept]
        if len({y for y, h in zip(labels, test) if not h}) < 2:
            test = [False] * len(kept)
        train_x = [normalise(r["notes"]) for r, h in zip(kept, test) if not h]
        train_y = [y for y, h in zip(labels, test) if not h]
        caps = {"words": self.max_words, "chars": self.max_chars}
        self.vectorizers = [self._vectorizer(n, min_df=VECTORIZERS[n]["min_df"], max_features=caps[n])
                            for n in VECTORIZERS]
        from scipy.sparse import hstack

        x = hstack([v.fit_transform(train_x) for v in self.vectorizers]).tocsr()
        clf = LogisticRegression(C=self.C, max_iter=300).fit(x, train_y)
        self.coef = clf.coef_.astype(np.float32)
        self.intercept = clf.intercept_.astype(np.float32)
        self.classes = [str(c) for c in clf.classes_]
        figures: dict[str, Any] = {
            "rows": len(rows), "kept": len(kept), "cap_per_country_and_sub_type": self.cap,
            "classes": len(self.classes), "features": int(self.coef.shape[1]),
        }
        held = [(r["notes"], y) for r, y, h in zip(kept, labels, test) if h]
        if held:
            proba = self._proba([n for n, _ in held])
            gold = [y for _, y in held]
            pred = [self.classes[i] for i in proba.argmax(axis=1)]
            known = [y in self.classes for y in gold]
            figures["held_out"] = {
                "rows": len(held),
                "accuracy": round(float(accuracy_score(gold, pred)), 4),
                "weighted_f1": round(float(f1_score(gold, pred, average="weighted", zero_division=0)), 4),
                "log_loss": round(float(log_loss([y for y, k in zip(gold, known) if k], proba[known],
                                                 labels=self.classes)), 4) if any(known) else None,
                "mean_confidence": round(float(proba.max(axis=1).mean()), 4),
            }
        figures["seconds"] = round(time.perf_counter() - start, 1)
        self.lang = self.notes_language([r["notes"] for r in kept])
        self.headings = self.learn_headings(rows)
        figures["headings"] = len(self.headings)
        self.meta = {"figures": figures, "classes": self.classes, "lang": self.lang, "headings": self.headings}
        return figures

    @classmethod
    def notes_language(cls, notes: Sequence[str]) -> str:
        """The language most of the notes are written in (detected on a stable sample of them)."""
        from conflictwatch.read.language import detect  # lingua, loaded only to train

        sample = sorted(notes, key=_stable)[: cls.language_sample]
        found = Counter(lang for lang, _ in map(detect, sample) if lang is not None)
        return found.most_common(1)[0][0] if found else NOTES_LANGUAGE

    # prediction ----------------------------------------------------------------------------

    def _proba(self, texts: Sequence[str]) -> np.ndarray:
        from scipy.sparse import hstack

        norm = [normalise(t) for t in texts]
        x = hstack([v.transform(norm) for v in self.vectorizers]).tocsr()
        scores = np.asarray(x @ self.coef.T) + self.intercept
        scores -= scores.max(axis=1, keepdims=True)
        e = np.exp(scores)
        return e / e.sum(axis=1, keepdims=True)  # the logistic regression's (softmax) probabilities

    def predict_proba(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Per text, sub-type -> calibrated probability (summing to 1)."""
        if self.coef is None:
            raise ModelError("subtype: the model is not trained")
        if not texts:
            return []
        return [dict(zip(self.classes, map(float, row))) for row in self._proba(texts)]

    # saving ----------------------------------------------------------------------------------

    def to_disk(self, path: Path) -> None:
        import skops.io as sio

        if self.coef is None:
            raise ModelError(f"{path}: cannot save an untrained sub-type model")
        path = Path(path)
        state = {
            "layout": LAYOUT,
            "classes": list(self.classes),
            "coef": self.coef.astype(np.float16),  # half the size; probabilities change in the 4th digit
            "intercept": self.intercept.astype(np.float32),
            "vectorizers": [
                {"name": name,
                 "terms": np.array(sorted(v.vocabulary_, key=v.vocabulary_.__getitem__), dtype=str),
                 "idf": v.idf_.astype(np.float32)}
                for name, v in zip(VECTORIZERS, self.vectorizers)
            ],
        }
        sio.dump(state, path / MODEL_FILE, compression=zipfile.ZIP_DEFLATED)
        (path / META_FILE).write_text(json.dumps(self.meta, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def from_disk(cls, path: Path) -> "SubtypeModel":
        import skops.io as sio

        file = Path(path) / MODEL_FILE
        if not file.is_file():
            raise ModelError(f"{file}: missing")
        try:
            untrusted = sorted(set(sio.get_untrusted_types(file=file)) - set(TRUSTED))
        except Exception as exc:  # a corrupt or foreign file: skops raises many kinds
            raise ModelError(f"{file}: not a skops file ({exc.__class__.__name__}: {exc})") from None
        if untrusted:
            raise ModelError(f"{file}: refused, it holds types this version does not trust: {', '.join(untrusted)}")
        try:
            state = sio.load(file, trusted=TRUSTED)
            if not isinstance(state, dict) or state.get("layout") != LAYOUT:
                raise ModelError(f"{file}: not a sub-type model of layout {LAYOUT} (retrain with `conflictwatch train`)")
            model = cls()
            model.classes = [str(c) for c in state["classes"]]
            model.coef = np.asarray(state["coef"], dtype=np.float32)
            model.intercept = np.asarray(state["intercept"], dtype=np.float32)
            for spec in state["vectorizers"]:
                terms = [str(t) for t in np.asarray(spec["terms"]).tolist()]
                vec = model._vectorizer(spec["name"], vocabulary=dict(zip(terms, range(len(terms)))))
                vec.idf_ = np.asarray(spec["idf"], dtype=np.float64)
                model.vectorizers.append(vec)
        except ModelError:
            raise
        except Exception as exc:
            raise ModelError(f"{file}: unreadable ({exc.__class__.__name__}: {exc})") from None
        if model.coef.shape != (len(model.classes), sum(len(v.vocabulary_) for v in model.vectorizers)):
            raise ModelError(f"{file}: the weights do not match the vocabulary")
        meta_file = Path(path) / META_FILE
        if meta_file.is_file():
            try:
                model.meta = json.loads(meta_file.read_text(encoding="utf-8"))
            except ValueError as exc:
                raise ModelError(f"{meta_file}: not valid JSON ({exc})") from None
        lang = model.meta.get("lang", NOTES_LANGUAGE) if isinstance(model.meta, dict) else NOTES_LANGUAGE
        if not isinstance(lang, str) or not re.fullmatch(r"[a-z]{2}", lang):
            raise ModelError(f"{meta_file}: 'lang' must be a two-letter ISO 639-1 code, not {lang!r}")
        model.lang = lang
        model.headings = _checked_headings(model.meta, meta_file)
        return model
