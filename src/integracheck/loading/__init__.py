"""Reading profiles and checklists from YAML into models, keeping every node's position."""
