"""Collecting a class's submissions, grading them, result files and reports."""

