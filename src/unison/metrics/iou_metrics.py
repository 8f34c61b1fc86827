"""Intersection-over-union metrics for segmentation: IoU, BinaryIoU, MeanIoU and one-hot forms.

The state is a ``(num_classes, num_classes)`` confusion matrix (rows: labels, columns:
predictions); ``IoU = TP / (TP + FP + FN)`` per class, averaged over the target classes
that occurred.

Example:
    >>> metric = MeanIoU(num_classes=2)
    >>> metric.update_state([0, 0, 1, 1], [0, 1, 0, 1])
    >>> float(metric.result())   # (1/3 + 1/3) / 2
    0.3333
"""

from __future__ import annotations

from typing import Any

from unison import config, ops
from unison.metrics import confusion_utils
from unison.metrics.metric import Metric


class _IoUBase(Metric):
    """The accumulated confusion matrix of class ids (predictions out of range are ignored)."""

    _direction = "up"

    def __init__(
        self,
        num_classes,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_true=True,
        sparse_y_pred=True,
        axis=-1,
    ):
        super().__init__(name=name, dtype=dtype or "int32")
        self.num_classes = num_classes
        self.ignore_class = ignore_class
        self.sparse_y_true = sparse_y_true
        self.sparse_y_pred = sparse_y_pred
        self.axis = axis
        self.total_cm = self.add_variable(
            (num_classes, num_classes), name="total_confusion_matrix", dtype=self.dtype
        )

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        if not self.sparse_y_true:
            y_true = ops.argmax(y_true, axis=self.axis)
        if not self.sparse_y_pred:
            y_pred = ops.argmax(y_pred, axis=self.axis)
        y_true = ops.reshape(ops.cast(ops.convert_to_tensor(y_true), "int32"), (-1,))
        y_pred = ops.reshape(ops.cast(ops.convert_to_tensor(y_pred), "int32"), (-1,))
        if sample_weight is None:
            sample_weight = 1
        sample_weight = ops.cast(ops.convert_to_tensor(sample_weight), self.dtype)
        if len(ops.shape(sample_weight)) > 1:
            sample_weight = ops.reshape(sample_weight, (-1,))
        sample_weight = ops.broadcast_to(sample_weight, ops.shape(y_true))
        in_bounds = ops.logical_and(
            ops.logical_and(ops.greater_equal(y_true, 0), ops.less(y_true, self.num_classes)),
            ops.logical_and(ops.greater_equal(y_pred, 0), ops.less(y_pred, self.num_classes)),
        )
        if self.ignore_class is not None:
            in_bounds = ops.logical_and(in_bounds, ops.not_equal(y_true, self.ignore_class))
        zero_index = ops.zeros((), "int32")
        y_true = ops.where(in_bounds, y_true, zero_index)
        y_pred = ops.where(in_bounds, y_pred, zero_index)
        sample_weight = ops.where(in_bounds, sample_weight, ops.zeros((), self.dtype))
        current = confusion_utils.confusion_matrix(
            y_true, y_pred, self.num_classes, sample_weight, self.dtype
        )
        self.total_cm.assign(ops.add(self.total_cm.value, current))

    def reset_state(self) -> None:
        self.total_cm.assign(ops.zeros(self.total_cm.shape, self.total_cm.dtype))


class IoU(_IoUBase):
    """Mean IoU over ``target_class_ids`` (classes absent from both labels and predictions
    are left out of the mean)."""

    def __init__(
        self,
        num_classes,
        target_class_ids,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_true=True,
        sparse_y_pred=True,
        axis=-1,
    ):
        super().__init__(
            num_classes,
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=sparse_y_true,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )
        if max(target_class_ids) >= num_classes:
            raise ValueError(
                f"Target class id {max(target_class_ids)} is out of range [0, {num_classes})."
            )
        self.target_class_ids = list(target_class_ids)

    def result(self) -> Any:
        matrix = ops.cast(self.total_cm.value, "float32")
        true_positives = ops.diag(matrix)
        denominator = ops.subtract(
            ops.add(ops.sum(matrix, axis=0), ops.sum(matrix, axis=1)), true_positives
        )
        true_positives = ops.take(true_positives, self.target_class_ids, axis=-1)
        denominator = ops.take(denominator, self.target_class_ids, axis=-1)
        valid = ops.greater(denominator, 1e-9)
        valid_count = ops.sum(ops.cast(valid, "float32"))
        epsilon = config.epsilon()
        iou = ops.divide(true_positives, ops.add(denominator, epsilon))
        iou = ops.where(valid, iou, ops.zeros((), "float32"))
        return ops.divide(ops.sum(iou, axis=self.axis), ops.add(valid_count, epsilon))

    def get_config(self) -> dict:
        return {
            "name": self.name,
            "dtype": self.dtype,
            "num_classes": self.num_classes,
            "target_class_ids": self.target_class_ids,
            "ignore_class": self.ignore_class,
            "sparse_y_true": self.sparse_y_true,
            "sparse_y_pred": self.sparse_y_pred,
            "axis": self.axis,
        }


class BinaryIoU(IoU):
    """IoU of two classes obtained by thresholding ``y_pred`` (``>= threshold`` is class 1)."""

    def __init__(self, target_class_ids=(0, 1), threshold=0.5, name=None, dtype=None):
        super().__init__(num_classes=2, target_class_ids=target_class_ids, name=name, dtype=dtype)
        self.threshold = threshold

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        y_pred = ops.cast(ops.convert_to_tensor(y_pred), "float32")
        y_pred = ops.cast(ops.greater_equal(y_pred, self.threshold), "int32")
        super().update_state(y_true, y_pred, sample_weight)

    def get_config(self) -> dict:
        return {
            "target_class_ids": self.target_class_ids,
            "threshold": self.threshold,
            "name": self.name,
            "dtype": self.dtype,
        }


class MeanIoU(IoU):
    """IoU averaged over all ``num_classes`` classes."""

    def __init__(
        self,
        num_classes,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_true=True,
        sparse_y_pred=True,
        axis=-1,
    ):
        super().__init__(
            num_classes,
            list(range(num_classes)),
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=sparse_y_true,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )

    def get_config(self) -> dict:
        return {
            "num_classes": self.num_classes,
            "name": self.name,
            "dtype": self.dtype,
            "ignore_class": self.ignore_class,
            "sparse_y_true": self.sparse_y_true,
            "sparse_y_pred": self.sparse_y_pred,
            "axis": self.axis,
        }


class OneHotIoU(IoU):
    """IoU over ``target_class_ids`` for one-hot labels (and scores, unless sparse)."""

    def __init__(
        self,
        num_classes,
        target_class_ids,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_pred=False,
        axis=-1,
    ):
        super().__init__(
            num_classes,
            target_class_ids,
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=False,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )

    def get_config(self) -> dict:
        return {
            "num_classes": self.num_classes,
            "target_class_ids": self.target_class_ids,
            "name": self.name,
            "dtype": self.dtype,
            "ignore_class": self.ignore_class,
            "sparse_y_pred": self.sparse_y_pred,
            "axis": self.axis,
        }


class OneHotMeanIoU(MeanIoU):
    """Mean IoU over all classes for one-hot labels (and scores, unless sparse)."""

    def __init__(
        self, num_classes, name=None, dtype=None, ignore_class=None, sparse_y_pred=False, axis=-1
    ):
        super().__init__(
            num_classes,
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=False,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )

    def get_config(self) -> dict:
        return {
            "num_classes": self.num_classes,
            "name": self.name,
            "dtype": self.dtype,
            "ignore_class": self.ignore_class,
            "sparse_y_pred": self.sparse_y_pred,
            "axis": self.axis,
        }
