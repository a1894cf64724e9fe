"""Qt glue: the composition root, the scheduler adapter, the single instance."""
