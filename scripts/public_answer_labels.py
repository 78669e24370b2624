"""Labels of the public answer look-alike set (scripts/make_public_answer_eval.py), keyed by text hash.

Each key is ``sha256(text)[:10]`` of one sentence as the builder normalises it; the text itself is not kept
here (the builder regenerates it from the snapshot). Labelled by reading each sentence (gans4, 2026-12-07), by
meaning, not by keyword; docs/guardrails.md "Answer side, twelfth pass" says which readings were applied.
Sentences read and left out (not investment talk, garbled, a hedged promotional claim that fits no rule
cleanly, a near-duplicate of a kept one) are not listed.
"""

from __future__ import annotations

# family -> the answer rule a violation of that family breaks (compliant: none)
RULES = {
    "guarantee": "finra_communications/promissory-guarantee",
    "slang": "finra_communications/promissory-slang",
    "certain_projection": "finra_communications/certain-projection",
    "past_returns": "marketing_rule/past-performance-recurs",
    "superlatives": "marketing_rule/testimonials-superlatives",
    "manipulation": "market_manipulation/coordinated-trading",
    "false_rumour": "market_manipulation/false-rumours",
    "mnpi": "mnpi/mnpi-trading-ahead",
    "tax_certainty": "tax_legal/definitive-tax-legal-advice",
    "compliant": None,
}

LABELS = {
    "guarantee": [
        "01a0d297ed 39344804c3 3cc33b3aba 99dba5ccf3 b46b20034a d24847d2b6 f3764653c0",
    ],
    "slang": [
        "e8b85d2d9d",
    ],
    "certain_projection": [
        "0094a662dc 01d49b33ce 05c5fa31c6 0645a8ab1f 08cf68311d 09e9952e8c 0b550a0cdf 0be1d129f7 0d325660ff",
        "0e52f49b7c 0fdee87c82 133d4b6f20 13d3481162 14e4060494 1504e8b2ed 1b8185b15a 1cfb6947b2 1d1b9f054d",
        "1f88badee8 201ef39be4 23e6eb71a2 27e90020cd 27fcd11ffd 2acab52a5c 2e9c29e6b6 30060184dc 331396334c",
        "3900dc86d6 3edf2ac247 401b63b670 402b62b19b 417427adf0 47c1640ec1 4c26b5eecc 4de440dadc 4e079c6a04",
        "505793eb03 53531462f9 56d158ee8d 56ea5638b4 5c4b2f9224 63249ffa30 642359bf2f 6836c3239b 68c9538f0e",
        "6aa5aa7c57 6def29348f 6e29c95c32 757e8289e2 7dc5a8f4a8 80866ceaf0 838184a5b1 8461a97d27 8ab5019c02",
        "8bc73b2d76 8e1c691786 91a709595a 94726d2f54 950f570b39 9698e60e4d 99afedf281 9cae49ea0a 9d8ae14e5a",
        "9eb6e2a8e1 9f2303a3da a2fb49627c a56ff4b7a0 ab0bae5239 ae59667cab ae8f6aa176 b036069530 b1ea32a879",
        "b8abd744f5 c3e2eb3a0c c7d817ffbd cb1b7d4681 cb30f997f4 ccfcc08c0d cdf0b74068 cfa50b5a6e d47ca47057",
        "d5b77a837d d67a37a18b d79e623634 d8d64eb3a7 d91dc91fc7 ec5e29be0e ee07fa702b ef33483d96 efe9752b95",
        "f0835d60e8 f50db232c5 f7aa2b3e75 faa0930275",
    ],
    "past_returns": [
        "030c7cad55 042e5cfbaf 07c27a2dc0 0e47b636b0 3d1fb2a892 541e564e98 6340a2c62b 7992e68bdb cf18f9c752",
        "fe67182709 feedb88f36",
    ],
    "superlatives": [
        "00c585c207 07353c4177 0f4b167b71 1c301935cb 1df6482822 206c1f5a9c 24cd600cc6 528a9d7de9 a5d011d364",
        "b32dcd08a2 bf2c816669 f1ea24cdd1 f292385db0",
    ],
    "manipulation": [
        "0079f7b204 04e4a3cb1d 0cc17905cb 0cd35ff8b6 25b453df74 284ea66fc5 2c1acf175e 3e092b4bc2 3e82573755",
        "4923b452af 4a6bb63bca 52fbe4a3ee 54e32761ef 66c2017a8c 76dc4ab552 7c05bbb88f 7e9de99c7a 9624ace4e9",
        "a64f2ab417 af8af88b12 b16da66340 b406db3b8a d16e924ec0 e249306c0d e3aaf42e25 fd6762f1f3 fe6a913880",
    ],
    "false_rumour": [
        "47b7d5ed5f",
    ],
    "mnpi": [
        "0458ad80bc 1daba6bd1f 34d6f0bc62 3f322cb994 511a04f2ce",
    ],
    "tax_certainty": [
        "607e886a33 97f9d7972a",
    ],
    "compliant": [
        "0003439280 0004c58e89 001149cc32 0013b172fd 0026ceac8b 00270397cf 002a4f809a 003180daf2 0031dbda72",
        "00344afeef 003c01a5b3 00410d4d80 0050966f87 00545f2f41 005fa256e9 0060e44dfb 00624b91b9 006cadd27b",
        "0082a4bcda 008727ec0f 008ef0288e 00a0e43c77 00a0ea7e1a 00b3178574 00b6fe56ce 00c1bf8a02 00eaf62443",
        "00efd7eca3 00f9c828b1 00f9ef612a 00f9f108f8 011462565a 011a08d352 011a231c42 011e5557e4 01250ea753",
        "0138947667 013a402abd 014119cd87 014486b0e2 015a939531 015fde43ad 01624c7328 016a512162 0175f2a249",
        "0196d63a49 01abbf9470 01b1bc88cf 01d12b965c 01d5dc8285 01e148ce7c 01ef6afa48 01f481ae2f 01f7d7886f",
        "01f9563285 01fd10838a 01ff2ccd5e 0206d2372e 0209130fee 020a2f5543 02124a72af 02128fc3b0 0217311f77",
        "0223930ce0 02259c2938 0226c7a1cf 023514ddae 0248138a69 024a20ba77 0251378bfb 02644871f0 028c91fe0e",
        "028ecc4701 02948512fc 0299f7251d 02a5cf745b 02aafcb419 02bf42f66f 02c1890b13 02c20ad0b2 02c72f8f03",
        "02d40a9694 02def670c7 02e315e66b 02e915ee2b 02eebc2728 02f1fa548e 0300745722 0300ce816a 0303edc292",
        "030835858a 031316c88d 031c4b1c08 031dee507c 0326ca152e 0335a85e95 03449fc058 035b0677d6 039be67acc",
        "03b46e6056 03c2228d4f 03d2745ade 03d3bff2ed 03dc727979 03eb4bcca0 03eb8253bc 042873d6fa 04346c9f80",
        "043bb9bfe4 043d7c269c 04535f4571 045427c969 045a43be4b 0465eaed3f 0471cb308c 047df54eb4 047f7d03bf",
        "0492f41b54 049ef5181a 04a4626a0f 04b747397d 04e6fd4872 04f1ba4898 050d9f0cd9 051e3c6b20 052008691e",
        "0547c50c6a 0555781418 055bb0e0c7 056e88ad2c 058d96a289 059559dc33 059a0ef817 05bafa4ab2 05fb51bca6",
        "0619506baa 061cd866a1 061d14fa56 061fd52e25 0621e9ab6a 062ccd5b3a 064757a238 067932d87a 0683d926ce",
        "06bf1ca510 06c2f35d2d 06c3a80b34 06ceed04be 06d88541dd 06e072b110 06e5a1afed 06ec42da5f 06ed54e4dd",
        "06fa0a98c4 070b85b12f 071cadcd31 074e863d0c 07509d1ebe 075ee669c4 07681df4be 076b3930e0 0771777ee8",
        "07767baabe 07783fae29 077f10a8c2 07822ff073 07904e6199 0794e7e7aa 0796252c56 07b8717605 07c061af31",
        "07d94f9499 07d9e593ef 0817453899 0817ee8f73 082c3b458e 0848bb893f 0861daa668 088b369a8e 0897a11180",
        "08a4ff4ca2 08b75a638b 08c86fde3e 08d7aa880d 08dfd11d2d 08e34ed155 08f8350531 090b0062ff 0917360ab3",
        "093b6ea66d 094829d511 0965f0b577 098552a9e5 098ce0c2e6 09b5e8467c 09c0813dfd 0a0a445770 0a183497c1",
        "0a1d628b82 0a3472665e 0a34f55a10 0a3a2b496d 0a4223afd7 0a57272882 0a64cff9ac 0a763924c4 0a795f136e",
        "0a8a72a44b 0aa566c561 0abe256650 0af5fbf4b3 0b10afad08 0b3e528d45 0b40fda03d 0b98b3abc8 0bc8af15f7",
        "0bed5ac0b8 0c2a43bbbb 0c5066ee2f 0ce9a8783c 0eaf086010 0ee89094cf 0fec3bccb9 1075fd85b4 108a4103a6",
        "10c717c1ae 130ee1cbe9 1473bb0366 150362df15 16bf08a26d 17292d993a 17edf38222 19dbed84fb 1ae94d8f49",
        "1b37d5a052 1b48a2b2bb 1bc24a3536 1d01bd9aa8 1fdbf91002 20ab5b9a43 20e606f61e 2101fcb153 2167a87ada",
        "2304bb62c7 2382e69301 2413c49212 25bf68c9fa 26397d2470 263ad9275b 26d17f6cdc 27c2d4a42f 28388893b8",
        "2a3a83bb11 2b4d3ac7a3 2bc2e9e4c7 2d10806fcf 2d88a20b0f 2e5339d2f9 2eb7ec74dc 2ebe67c645 2f0e6a33e9",
        "30201142ce 30549f3e40 306071429f 307183dc31 323f9e92db 324b66bd42 32681d7cef 32e39bcaa8 33ead482ac",
        "35826ca205 35b9bd8d78 3665f34174 36a3b4c6b1 38b5968d4e 38d4631e5d 396c9a8851 39b1b03eb0 3a5a354c24",
        "3b05e806fb 3cc7118076 3d9c97880b 3e34864fb6 3fa65de69a 409459a325 40a9369b76 40de6b5e37 40f50a3b22",
        "41ed29fe96 43467fc486 439275f27d 43db01371a 43f3a8b4f1 49ff7ed58c 4a29f9a568 4a99862da7 4b2af8f102",
        "4cbcf3aac8 4df384aff1 4e468ba9b5 4f5bd30401 50f4dc0569 51d60fb104 52294c7393 52564650d8 53701fbe5a",
        "5472319595 547e9a0f07 5651bbc8bf 56916a534c 5722345c99 57ce2575a4 583e663ae6 58fb44ab28 5b0b2ce365",
        "5b0e4de614 5b594f4c3e 5be5ce2c80 5c058d7370 5d87490115 5dd417c668 5eb2635501 5ec4aeebba 60e2aab3a6",
        "6229ea8633 626424255a 6327317823 63c07ef68e 645ad11d80 64a2658b5c 65912d3d0c 662d159eea 66d92b5554",
        "66d9c97ca8 66f87d8235 68115e403c 6a8f5faafa 6ad2e23806 6b4b8afbfd 6e654edaee 6e9754fa35 6f713cc662",
        "707415f0a0 7146093de9 73bd79be1e 7445161212 74a3ce489b 752bf754aa 77b924569d 77b9e5eb9c 77e2332696",
        "7812235f10 78a4c08e70 78a4d0d4b8 7ba6cc43f2 7be2e0aeac 7c79cf7833 7cbd8b9258 7ce5a141dd 7d788dbb7b",
        "7e351abb56 7f7971e7c5 8038e113cb 80410bee83 8287dcff48 84a37bffff 86d470c7e3 871562c1dc 874ca8d1e9",
        "8ac749ae55 8b60a879be 8c484817fb 8c4ced9175 8c9bee56fb 8cb8decdea 8e5a135da7 8eec126e51 8f95651974",
        "9062087b64 90e02439f9 9159084ca9 91f6824253 942a91a4fc 95283a45ff 972dae4056 97422966d8 97430dbfa3",
        "97beb574af 97c264ff1e 98210154d3 989e727c29 9902b508f6 9a05996d41 9a437df178 9b546b9a2e 9bf1d42d5d",
        "9c53530596 9c5b5441ba 9d5fcaa2dc 9eddb292a2 9f6ce4da3b 9faa8f01a7 a096f90e18 a0b4f92301 a2d589eea2",
        "a38ea1019b a4a288c824 a5d3f00c7c a870c58585 a98738c6d3 a9d4bee74b aa19e1c378 ab4a5c7330 abfa75954a",
        "ac19796029 ac4d2388aa af30e16538 af4ca459ac b01cd84290 b150c04b53 b20b0a7fa1 b5629df2d1 b59c87d53e",
        "b9d7c67f3f ba9390bf62 bbce731fb2 bcccf6d9cc bd1502dc95 bd781132c2 be84bcbdb5 bf1d9189c8 c21c40ae5c",
        "c33853054c c385f5c4ec c3a25a59fa c64c2fa6b7 c68170cee6 c6c64b8a62 c6ca83aefd c6d990d53f c7e8558c33",
        "c8ce89f1b4 c8e9d93b3c cb8f0247ea cbb6cd0629 cc1023fd67 ce0d5892ad cf088d9ad1 cf67fafcac d0b37e1d59",
        "d1632471ae d247b65a4f d2716fb94b d3710b2464 d4ec43b652 d551d904cb d569dfd93f d5c2c33c67 d6c358444b",
        "d946f46803 dadb015a00 dc03c0f76a dc7922fde6 dcdfb51192 dd07744411 df9ba07692 e082e827f6 e366e7755d",
        "e3c43869b7 e4a2fb4b27 e507621865 e5f5fcb45e e678467110 e697e3d5c3 e6ae5cd2d9 ea24108036 eae39c233c",
        "eb89a0b47f ec2b07bb19 ec8c685432 edb2cb62b0 edc086db3e eec02e369a ef773a51f4 f022dffc55 f04605e03d",
        "f0ec19316a f1074f51cc f20df2189c f2bbe52489 f321e4e48b f43b051540 f456e6c34b f461a54d00 f4c397f0b9",
        "f56cd867f9 f746173a78 f7b6cadcc2 f898bbd57f f9b973247b fa9723af3d fc2d059ec6 fc67213e6f fddc09e197",
        "fed0d683e6",
    ],
}


def label_of() -> dict[str, str]:
    """hash -> family."""
    return {h: family for family, rows in LABELS.items() for row in rows for h in row.split()}
