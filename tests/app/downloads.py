"""What a download button of an AppTest session would send: its bytes and file name.

AppTest keeps the files of a run in a media store of its own that is dropped after the run; recording the stores
it makes lets a test read a download button's file, as the browser would get it.
"""

from __future__ import annotations

from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryFile, MemoryMediaFileStorage
from streamlit.testing.v1 import app_test


class Downloads:
    """The media stores of the AppTest runs since it was made."""

    def __init__(self, monkeypatch) -> None:
        stores: list[MemoryMediaFileStorage] = []
        self.stores = stores

        class Recorded(MemoryMediaFileStorage):
            def __init__(self, endpoint: str) -> None:
                super().__init__(endpoint)
                stores.append(self)

        monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Recorded)

    def file(self, app, key: str) -> MemoryFile:
        """The file behind the download button `key` of the last run of `app`."""
        button = next(button for button in app.get("download_button") if button.key == key)
        name = button.proto.url.rsplit("/", 1)[-1]
        assert name, f"download button {key} has no file"
        for store in reversed(self.stores):
            try:
                return store.get_file(name)
            except MediaFileStorageError:
                continue
        raise AssertionError(f"the file of download button {key} is in no media store")
