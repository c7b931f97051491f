"""Which checkpoint a run keeps, as its train report states it.

The Trainer evaluates at every eval step (and at the last one), keeps the best checkpoint and loads it
back at the end (`load_best_model_at_end`); this reads its log history and says which step that was:
the lowest validation loss, the best validation accuracy (Dhaliwal et al.), or the last step.
"""

from __future__ import annotations


def evaluations(history: list[dict]) -> tuple[list[dict], list[dict]]:
    """The validation losses and accuracies the Trainer logged, each as [{"step", "loss" | "accuracy"}] in order."""
    losses = [{"step": h["step"], "loss": h["eval_loss"]} for h in history if "eval_loss" in h]
    accuracies = [{"step": h["step"], "accuracy": h["eval_accuracy"]} for h in history if "eval_accuracy" in h]
    return losses, accuracies


def selected_checkpoint(losses: list[dict], accuracies: list[dict], select: str, last_step: int,
                        best_step: int | None = None, best_metric: float | None = None) -> dict:
    """{"step", "val_loss"[, "val_accuracy"]} of the kept checkpoint.

    select = "last": the last step. Otherwise the Trainer's own best step when it reports one (it is the
    checkpoint it loaded back), else the first step with the lowest loss (or the highest accuracy)."""
    if select == "last":
        return {"step": last_step, "val_loss": losses[-1]["loss"] if losses else None}
    by_accuracy = select == "val_accuracy"
    if best_step is None:
        best = max(accuracies, key=lambda e: e["accuracy"]) if by_accuracy else min(losses, key=lambda e: e["loss"])
        best_step = best["step"]
    chosen = {"step": best_step, "val_loss": {e["step"]: e["loss"] for e in losses}.get(best_step)}
    if by_accuracy:
        chosen["val_accuracy"] = best_metric if best_metric is not None else \
            {e["step"]: e["accuracy"] for e in accuracies}.get(best_step)
    return chosen
