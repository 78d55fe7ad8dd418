"""Scanned images in the case file, encoded for the PDF once per image, not once per print.

ReportLab turns an image into a PDF image object by decoding it, digesting the pixels (its name
in the file), compressing them and encoding them in ASCII85: most of the time a case file takes
when it holds scans. The same scan is printed again and again (the preview, then the printout,
then the archived copy), so the finished object is kept, keyed by the digest of the file's
bytes, and drawn the way ``Canvas.drawImage`` draws it: the printed bytes are the same.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from reportlab.lib.boxstuff import aspectRatioFix
from reportlab.lib.utils import ImageReader, _digester
from reportlab.pdfbase import pdfdoc
from reportlab.platypus import Image

CACHE_BYTES = 24 * 1024 * 1024  # encoded image data kept between prints, at most (the client watches its memory)


class ScanReader(ImageReader):  # type: ignore[misc]
    """An image reader that knows the digest of the file it reads."""

    def __init__(self, data: bytes):
        super().__init__(io.BytesIO(data))
        self.md_source = hashlib.sha256(data).digest()


class ScanImage(Image):  # type: ignore[misc]
    """ReportLab's image flowable over a :class:`ScanReader`."""

    def __init__(self, reader: ScanReader, width: float, height: float):
        self._img = reader  # read by Image's set-up instead of opening the file again
        super().__init__(reader.fp, width=width, height=height)


@dataclass(frozen=True)
class _Encoded:
    name: str  # ReportLab's name of the image: the digest of its pixels and mask
    state: dict[str, Any]  # the loaded PDFImageXObject's attributes
    smask: dict[str, Any] | None  # its soft mask's, for an image with an alpha channel
    size: int

    def xobject(self) -> Any:
        obj = _fresh(self.state)
        if self.smask is not None:
            obj._smask = _fresh(self.smask)
        return obj


def _fresh(state: dict[str, Any]) -> Any:
    obj = pdfdoc.PDFImageXObject.__new__(pdfdoc.PDFImageXObject)
    obj.__dict__.update(state)
    return obj


_cache: OrderedDict[tuple[bytes, str], _Encoded] = OrderedDict()
_cached_bytes = 0
_lock = threading.Lock()


def _encode(image: ScanReader, mask: Any) -> _Encoded:
    """What ``Canvas.drawImage`` computes for an image it has not seen yet."""
    rawdata = image.getRGBData()
    smask = image._dataA
    mdata: Any = smask.getRGBData() if mask == "auto" and smask else str(mask)
    if isinstance(mdata, str):
        mdata = mdata.encode("utf8")
    name = _digester(rawdata + mdata)
    obj = pdfdoc.PDFImageXObject(name, image, mask=mask)
    obj.name = name
    state = dict(obj.__dict__)
    soft = state.pop("_smask", None)
    size = len(obj.streamContent) + (len(soft.streamContent) if soft is not None else 0)
    return _Encoded(name, state, dict(soft.__dict__) if soft is not None else None, size)


def encoded(image: ScanReader, mask: Any) -> _Encoded:
    global _cached_bytes
    key = (image.md_source, repr(mask))
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    enc = _encode(image, mask)
    with _lock:
        if key not in _cache:
            _cache[key] = enc
            _cached_bytes += enc.size
            while _cached_bytes > CACHE_BYTES and len(_cache) > 1:
                _key, old = _cache.popitem(last=False)
                _cached_bytes -= old.size
    return enc


def draw(canvas: Any, image: ScanReader, x: float, y: float, width: Any, height: Any, mask: Any) -> tuple[int, int]:
    """``Canvas.drawImage`` for a scan, its image object taken from the cache."""
    canvas._currentPageHasImages = 1
    enc = encoded(image, mask)
    name = enc.name
    reg_name = canvas._doc.getXObjectName(name)
    img_obj = canvas._doc.idToObject.get(reg_name, None)
    if not img_obj:
        img_obj = enc.xobject()
        canvas._setXObjects(img_obj)
        canvas._doc.Reference(img_obj, reg_name)
        canvas._doc.addForm(name, img_obj)
        smask = getattr(img_obj, "_smask", None)
        if smask:
            m_reg_name = canvas._doc.getXObjectName(smask.name)
            m_img_obj = canvas._doc.idToObject.get(m_reg_name, None)
            if not m_img_obj:
                canvas._setXObjects(smask)
                img_obj.smask = canvas._doc.Reference(smask, m_reg_name)
            else:
                img_obj.smask = pdfdoc.PDFObjectReference(m_reg_name)
            del img_obj._smask
    x, y, width, height, _scaled = aspectRatioFix(
        False, "c", x, y, width, height, img_obj.width, img_obj.height, False
    )
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    canvas._code.append(f"/{reg_name} Do")
    canvas.restoreState()
    canvas._formsinuse.append(name)
    return img_obj.width, img_obj.height
