"""The checkpoint a run's report says it kept, from the Trainer's log history: exact steps and values for each
`select`, fast (no model), so the mutation bench runs it per mutant. test_train trains a tiny model whose
validation loss rises again and checks the kept weights are the best step's, not the last."""

from xlt.selection import evaluations, selected_checkpoint

HISTORY = [
    {"step": 4, "loss": 2.0},  # a training log line: no eval keys
    {"step": 4, "eval_loss": 1.5, "eval_accuracy": 0.25},
    {"step": 8, "eval_loss": 1.1, "eval_accuracy": 0.5},
    {"step": 12, "eval_loss": 1.1, "eval_accuracy": 0.75},
    {"step": 16, "eval_loss": 1.4, "eval_accuracy": 0.75},
    {"step": 16, "train_runtime": 3.0},
]
LOSSES = [{"step": 4, "loss": 1.5}, {"step": 8, "loss": 1.1}, {"step": 12, "loss": 1.1}, {"step": 16, "loss": 1.4}]
ACCURACIES = [{"step": 4, "accuracy": 0.25}, {"step": 8, "accuracy": 0.5}, {"step": 12, "accuracy": 0.75},
              {"step": 16, "accuracy": 0.75}]


def test_evaluations_read_the_logged_losses_and_accuracies_in_order():
    assert evaluations(HISTORY) == (LOSSES, ACCURACIES)
    assert evaluations([{"step": 1, "loss": 3.0}]) == ([], [])
    assert evaluations([{"step": 2, "eval_loss": 0.5}]) == ([{"step": 2, "loss": 0.5}], [])


def test_last_keeps_the_last_step_and_its_loss():
    assert selected_checkpoint(LOSSES, ACCURACIES, "last", 16) == {"step": 16, "val_loss": 1.4}
    assert selected_checkpoint([], [], "last", 30) == {"step": 30, "val_loss": None}


def test_val_loss_keeps_the_first_lowest_loss_not_the_last_step():
    assert selected_checkpoint(LOSSES, ACCURACIES, "val_loss", 16) == {"step": 8, "val_loss": 1.1}


def test_val_accuracy_keeps_the_first_best_accuracy_with_its_loss():
    assert selected_checkpoint(LOSSES, ACCURACIES, "val_accuracy", 16) == {"step": 12, "val_loss": 1.1, "val_accuracy": 0.75}


def test_the_trainers_own_best_step_and_metric_win():
    assert selected_checkpoint(LOSSES, ACCURACIES, "val_loss", 16, best_step=12) == {"step": 12, "val_loss": 1.1}
    assert selected_checkpoint(LOSSES, ACCURACIES, "val_accuracy", 16, best_step=16, best_metric=0.8) == \
        {"step": 16, "val_loss": 1.4, "val_accuracy": 0.8}
    assert selected_checkpoint(LOSSES, ACCURACIES, "val_accuracy", 16, best_step=8) == \
        {"step": 8, "val_loss": 1.1, "val_accuracy": 0.5}
    assert selected_checkpoint(LOSSES, [], "val_loss", 16, best_step=20) == {"step": 20, "val_loss": None}
