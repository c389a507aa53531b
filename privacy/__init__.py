"""Privacy (AVG): masking of personal data in free text, logs and the Rasa tracker
store, and retention of conversation trackers.

The submodules are independent: `masking` and `retention` do not import Rasa;
`tracker_store` does (it is loaded by Rasa from endpoints.yml).
"""

from privacy.masking import MaskResult, mask_personal_data, mask_personal_data_detailed

__all__ = ["MaskResult", "mask_personal_data", "mask_personal_data_detailed"]
