"""One rank of a run on several devices: `python -m xlt.train_rank <folder>`, started by distributed.launch.

It makes the same train() call the launcher was asked for, from the arguments the launcher wrote; it
sits above both train.py and distributed.py so that neither imports the other back.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from xlt.distributed import ARGS
from xlt.errors import InputError
from xlt.train import LoraRecipe, RunRecipe, Tracking, train


def main(folder: str) -> None:
    args = json.loads((Path(folder) / ARGS).read_text())
    fields = args["recipe"]
    lora = dict(fields.pop("lora"))
    train(args["base"], args["train_rows"], args["val_rows"], RunRecipe(**fields, lora=LoraRecipe(**lora)),
          out_dir=args["out_dir"], progress=False, trust_remote_code=args["trust_remote_code"],
          checkpoint_dir=args["checkpoint_dir"], tracking=Tracking(**args["tracking"]))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(InputError("usage: python -m xlt.train_rank <folder with args.json>"))
    main(sys.argv[1])
