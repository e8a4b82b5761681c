"""Onboarding cases of customers who go digital: process, storage and figures."""
