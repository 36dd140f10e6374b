"""The case (remiss) and its documents: registration, tjänsteutlåtande, beredning, bilagor."""
