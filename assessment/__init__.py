"""MaturityMap domain: questionnaires, responses, services and the command line."""
