"""Article assembly (placeholder until the reconstruction lands)."""

from __future__ import annotations

from .model import Article, Block, Page, Role
from .options import Options


def assemble_page(blocks: tuple[Block, ...], options: Options) -> Page:
    arts: list[Article] = []
    for b in blocks:
        if b.role is Role.TITLE:
            arts.append(Article(title=b.text))
        else:
            if not arts:
                arts.append(Article())
            a = arts[-1]
            arts[-1] = Article(title=a.title, paragraphs=(*a.paragraphs, b.text))
    return Page(articles=[a for a in arts if a.paragraphs])
