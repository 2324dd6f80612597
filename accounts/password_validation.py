"""Password rules per 等保 2.0 (GB/T 22239), with every message in Chinese.

Django's own validators keep the rest (not like the user name, not a common password, not
only digits); AUTH_PASSWORD_VALIDATORS lists them all.
"""

import string

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

CHARACTER_CLASSES = (
    ("大写字母", set(string.ascii_uppercase)),
    ("小写字母", set(string.ascii_lowercase)),
    ("数字", set(string.digits)),
)
SYMBOLS = "符号"  # anything else but white space
CLASS_NAMES = "、".join([name for name, _ in CHARACTER_CLASSES] + [SYMBOLS])
CHINESE_COUNTS = "零一二三四"


def character_class(char):
    return next((name for name, members in CHARACTER_CLASSES if char in members), SYMBOLS)


def character_classes(password):
    """How many of upper case, lower case, digits and symbols `password` uses."""
    return len({character_class(char) for char in password if not char.isspace()})


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with a Chinese message (Django's zh_Hans catalog misses this one)."""

    def get_error_message(self):
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"密码至少 {self.min_length} 个字符。"


class CharacterClassesValidator:
    """At least `min_classes` of upper case letters, lower case letters, digits and symbols."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def _requirement(self):
        return f"{CLASS_NAMES}中至少{CHINESE_COUNTS[self.min_classes]}种"

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                f"密码必须包含{self._requirement()}。",
                code="password_too_simple",
            )

    def get_help_text(self):
        return f"密码须包含{self._requirement()}。"
