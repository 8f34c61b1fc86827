"""Hand-written PyTorch implementation: eager ``nn.Module`` (channels-first), ``torch.optim.Adam``."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn
from training_workloads import EMBED, FF, HEADS, VOCAB, Workload


def _linear(weights, name, layer: nn.Linear) -> nn.Linear:
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(weights[f"{name}/kernel"].T.copy()))
        layer.bias.copy_(torch.from_numpy(weights[f"{name}/bias"]))
    return layer


def _conv(weights, name, layer: nn.Conv2d) -> nn.Conv2d:
    with torch.no_grad():
        kernel = np.transpose(weights[f"{name}/kernel"], (3, 2, 0, 1)).copy()
        layer.weight.copy_(torch.from_numpy(kernel))
        layer.bias.copy_(torch.from_numpy(weights[f"{name}/bias"]))
    return layer


class Transformer(nn.Module):
    def __init__(self, weights: dict):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, EMBED)
        self.attention = nn.MultiheadAttention(EMBED, HEADS, batch_first=True)
        self.norm = nn.LayerNorm(EMBED, eps=1e-3)
        self.ff0 = _linear(weights, "ff0", nn.Linear(EMBED, FF))
        self.ff1 = _linear(weights, "ff1", nn.Linear(FF, EMBED))
        self.head = _linear(weights, "head", nn.Linear(EMBED, 2))
        with torch.no_grad():
            self.embedding.weight.copy_(torch.from_numpy(weights["embedding"]))
            projections = [
                weights[f"{n}/kernel"].reshape(EMBED, -1).T for n in ("query", "key", "value")
            ]
            self.attention.in_proj_weight.copy_(torch.from_numpy(np.concatenate(projections)))
            self.attention.in_proj_bias.zero_()
            output = weights["output/kernel"].reshape(-1, EMBED).T.copy()
            self.attention.out_proj.weight.copy_(torch.from_numpy(output))
            self.attention.out_proj.bias.zero_()

    def forward(self, tokens):
        x = self.embedding(tokens)
        attended, _ = self.attention(x, x, x, need_weights=False)
        x = self.norm(x + attended)
        x = x + self.ff1(torch.relu(self.ff0(x)))
        return self.head(x.mean(dim=1))


def build_module(workload: Workload, weights: dict) -> nn.Module:
    if workload.name == "mlp":
        return nn.Sequential(
            _linear(weights, "dense0", nn.Linear(784, 512)),
            nn.ReLU(),
            _linear(weights, "dense1", nn.Linear(512, 256)),
            nn.ReLU(),
            _linear(weights, "dense2", nn.Linear(256, 10)),
        )
    if workload.name == "cnn":
        return nn.Sequential(
            _conv(weights, "conv0", nn.Conv2d(1, 32, 3)),
            nn.ReLU(),
            _conv(weights, "conv1", nn.Conv2d(32, 64, 3)),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
            _linear(weights, "dense0", nn.Linear(12 * 12 * 64, 128)),
            nn.ReLU(),
            _linear(weights, "dense1", nn.Linear(128, 10)),
        )
    return Transformer(weights)


class Implementation:
    def __init__(self, workload: Workload, weights: dict):
        self.channels_first = workload.name == "cnn"
        self.module = build_module(workload, weights)
        self.param_count = int(sum(p.numel() for p in self.module.parameters()))
        self.optimizer = torch.optim.Adam(
            self.module.parameters(), lr=workload.learning_rate, eps=1e-7
        )
        self.loss_fn = nn.CrossEntropyLoss()

    def to_native(self, array):
        if self.channels_first and array.ndim == 4:
            array = np.ascontiguousarray(np.transpose(array, (0, 3, 1, 2)))
        tensor = torch.from_numpy(array)
        return tensor.long() if tensor.dtype == torch.int32 else tensor

    def train_step(self, x, y):
        self.module.train()
        self.optimizer.zero_grad(set_to_none=True)
        loss = self.loss_fn(self.module(x), y)
        loss.backward()
        self.optimizer.step()
        return loss.detach()

    def predict(self, x):
        self.module.eval()
        with torch.no_grad():
            return self.module(x).numpy()

    def to_float(self, value) -> float:
        return float(value)
