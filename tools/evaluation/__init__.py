"""Evaluation of the intake's understanding over a dataset of written conversations."""
