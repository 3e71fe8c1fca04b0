"""Every write of capacity and demand, a module per subject: teams, demand plans, shifts."""
