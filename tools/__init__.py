"""Plain Python helpers of the models and wizards (no models here): statistics
periods and aggregates, the language a job or a procedure writes in, the
bounds of numbers said before the database is asked, and a share's PDF."""
