"""Plain Python helpers of the models and wizards (no models here): statistics
periods and aggregates, and the language a job or a procedure writes in."""
