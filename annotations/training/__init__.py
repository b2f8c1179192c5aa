"""Training spaCy models from the store's accepted annotations: data checks
(data.py), configs (config.py), the training loop (run.py), the models kept
with the store (models.py) and the spaCy registry functions they need
(components.py)."""
from .data import TrainingData, TrainingDataError, prepare_data
from .models import ModelInfo, get_model, list_models, models_dir
from .run import TrainingCancelled, TrainOptions, TrainResult, train_from_store, train_pipeline

__all__ = [
    "ModelInfo", "TrainOptions", "TrainResult", "TrainingCancelled", "TrainingData", "TrainingDataError",
    "get_model", "list_models", "models_dir", "prepare_data", "train_from_store", "train_pipeline",
]
