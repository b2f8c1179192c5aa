"""Merging stores: bring documents, spans, relations, assignments and deletions
from other stores (laptop files, another PostgreSQL store) into a target, and
the checkout and backup that make a new SQLite store from one.

Identity is by content and uid: documents by sha256, spans and relations by
uid, assignments by (document, annotator). Labels first: a label (or
relation) a source uses that the target does not define stops the merge
before anything is written, naming them. The whole merge is one transaction
on the target; every applied change is logged in the target's event log with
its original annotator and time.

The package: `report` (what a merge did), `reading` (one read of a source
store), `log` (what the event log says: stamps, tombstones, the store's
clock), `clock` (which of two versions is later: store id + event sequence,
wall clock only for ties), `versions` (span content, snapshots, report
wording), `context` (one source applied to the target), `documents`, `spans`,
`relations`, `assignments`, `actors`, `extras` (flags, trained models) (applying each kind of row), `run`
(merge_stores), `laptop` (checkout, backup), `values` (small shared helpers).
"""
from .laptop import backup, checkout
from .report import MergeReport
from .source import Selection
from .run import check_labels, merge_stores

__all__ = ["MergeReport", "Selection", "backup", "check_labels", "checkout", "merge_stores"]
