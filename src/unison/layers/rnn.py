"""Recurrent layers: ``RNN`` with cells, ``SimpleRNN``, ``LSTM``, ``GRU``, ``ConvLSTM1D/2D/3D``
and the ``Bidirectional`` / ``TimeDistributed`` wrappers.

Each family lives in its own module; this one re-exports them.

Example:
    >>> model = unison.Sequential([unison.layers.Embedding(100, 8, mask_zero=True),
    ...                            unison.layers.Bidirectional(unison.layers.LSTM(16)),
    ...                            unison.layers.Dense(1)])
"""

from unison.layers.conv_lstm import ConvLSTM1D, ConvLSTM2D, ConvLSTM3D
from unison.layers.gru import GRU, GRUCell
from unison.layers.lstm import LSTM, LSTMCell
from unison.layers.rnn_base import RNN
from unison.layers.simple_rnn import SimpleRNN, SimpleRNNCell
from unison.layers.stacked_rnn_cells import StackedRNNCells
from unison.layers.wrappers import Bidirectional, TimeDistributed

__all__ = [
    "GRU",
    "LSTM",
    "RNN",
    "Bidirectional",
    "ConvLSTM1D",
    "ConvLSTM2D",
    "ConvLSTM3D",
    "GRUCell",
    "LSTMCell",
    "SimpleRNN",
    "SimpleRNNCell",
    "StackedRNNCells",
    "TimeDistributed",
]
