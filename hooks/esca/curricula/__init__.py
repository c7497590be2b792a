"""CPD curricula: the course model, its one loader, validators, pages and feeds."""
