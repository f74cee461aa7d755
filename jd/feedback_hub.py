"""The optional push of feedback to a private Hugging Face dataset (JD_FEEDBACK_DATASET).

Every few minutes a JSONL export of the store (jd/feedback.py), and the reviewed examples file
when there is one (jd/examples.py), go to the dataset. Feedback is stored locally either way:
a Hub that cannot be reached costs a logged warning, never a record.
"""

from __future__ import annotations

import logging
from typing import Any

from huggingface_hub import CommitScheduler, HfApi

from .examples import EXAMPLES_FILENAME, copy_examples
from .feedback import FeedbackStore

logger = logging.getLogger(__name__)

EXPORT_FOLDER = "hub_export"
EXPORT_FILENAME = "feedback.jsonl"


class FeedbackCommitScheduler(CommitScheduler):
    """Exports the store under the scheduler's lock before each push; skips unchanged stores."""

    def __init__(self, store: FeedbackStore, **kwargs: Any) -> None:
        self.store = store
        self.exported_count = 0
        super().__init__(**kwargs)

    def push_to_hub(self):
        with self.lock:
            if self.store.count() != self.exported_count:
                self.exported_count = self.store.export_jsonl(self.folder_path / EXPORT_FILENAME)
            copy_examples(self.store.data_dir, self.folder_path / EXAMPLES_FILENAME)  # only when it changed
        return super().push_to_hub()


def start_hub_sync(
    store: FeedbackStore,
    repo_id: str,
    token: str | None,
    every_minutes: float = 5,
    hf_api: Any = None,
) -> FeedbackCommitScheduler | None:
    """Push a JSONL export of the store to the private dataset `repo_id` every few minutes.

    The reviewed examples file (jd.examples, `<data_dir>/examples.json`) goes with it when
    there is one. Returns the running scheduler, or None (with a logged warning) when the Hub
    cannot be reached or the repo cannot be created: feedback is still stored locally.
    """
    export_dir = store.data_dir / EXPORT_FOLDER
    try:
        return FeedbackCommitScheduler(
            store,
            repo_id=repo_id,
            repo_type="dataset",
            folder_path=export_dir,
            every=every_minutes,
            private=True,
            hf_api=hf_api or HfApi(token=token or None),
        )
    except Exception as error:  # offline, bad token, no permission, unusable folder...
        logger.warning(
            "Feedback will not be pushed to the Hub dataset %s (%s); it is still saved in %s.",
            repo_id,
            error,
            store.path,
        )
        return None
