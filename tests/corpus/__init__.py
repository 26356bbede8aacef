"""A generated corpus: Japanese letters and ID-card-like images with ground truth."""
