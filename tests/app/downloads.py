"""What a download button of an AppTest session would send: its bytes and file name.

AppTest keeps the files of a run in a media store of its own that is dropped after the run; recording the stores
it makes lets a test read a download button's file, as the browser would get it.
"""

from __future__ import annotations

from dataclasses import dataclass

from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryFile, MemoryMediaFileStorage
from streamlit.testing.v1 import app_test


@dataclass
class DeferredFile:
    """A file made when its button is clicked: made here as the click would."""

    filename: str
    content: bytes


class Downloads:
    """The media stores of the AppTest runs since it was made, and the files made only when clicked."""

    def __init__(self, monkeypatch) -> None:
        stores: list[MemoryMediaFileStorage] = []
        self.stores = stores
        self.deferred: dict[str, tuple[object, str]] = {}  # file id -> (the callable, file name)
        original = MediaFileManager.add_deferred
        deferred = self.deferred

        def record(manager, data_callable, mimetype, coordinates, file_name=None, **options):
            file_id = original(manager, data_callable, mimetype, coordinates, file_name, **options)
            deferred[file_id] = (data_callable, file_name or "")
            return file_id

        monkeypatch.setattr(MediaFileManager, "add_deferred", record)

        class Recorded(MemoryMediaFileStorage):
            def __init__(self, endpoint: str) -> None:
                super().__init__(endpoint)
                stores.append(self)

        monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Recorded)

    def file(self, app, key: str) -> MemoryFile | DeferredFile:
        """The file behind the download button `key` of the last run of `app` (made now if deferred)."""
        button = next(button for button in app.get("download_button") if button.key == key)
        if button.proto.HasField("deferred_file_id"):
            make, file_name = self.deferred[button.proto.deferred_file_id]
            data = make()
            return DeferredFile(file_name, data.encode("utf-8") if isinstance(data, str) else data)
        name = button.proto.url.rsplit("/", 1)[-1]
        assert name, f"download button {key} has no file"
        for store in reversed(self.stores):
            try:
                return store.get_file(name)
            except MediaFileStorageError:
                continue
        raise AssertionError(f"the file of download button {key} is in no media store")
