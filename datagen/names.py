"""Random but plausible names, e-mail addresses and phone numbers.

Everything is a random combination of common characters and words; no list of
real people or companies is used.
"""

from __future__ import annotations

import itertools
from bisect import bisect
from collections.abc import Callable, Sequence
from typing import TypeVar

__all__ = ["NameMaker", "Uniform", "pick"]

T = TypeVar("T")
#: A ``random.Random().random`` bound method: the only randomness used here (it is fast).
Uniform = Callable[[], float]


def pick(rnd: Uniform, items: Sequence[T]) -> T:
    """Uniform choice, cheaper than ``Random.choice``."""
    return items[int(rnd() * len(items))]


def _number(rnd: Uniform, low: int, high: int) -> int:
    """Uniform integer in ``[low, high)``."""
    return low + int(rnd() * (high - low))


# (surname, pinyin, relative frequency): the most common Chinese surnames.
_SURNAMES = (
    ("王", "wang", 72),
    ("李", "li", 70),
    ("张", "zhang", 67),
    ("刘", "liu", 53),
    ("陈", "chen", 45),
    ("杨", "yang", 31),
    ("黄", "huang", 24),
    ("赵", "zhao", 20),
    ("吴", "wu", 20),
    ("周", "zhou", 19),
    ("徐", "xu", 14),
    ("孙", "sun", 13),
    ("马", "ma", 12),
    ("朱", "zhu", 12),
    ("胡", "hu", 11),
    ("郭", "guo", 11),
    ("何", "he", 10),
    ("林", "lin", 9),
    ("高", "gao", 9),
    ("罗", "luo", 9),
    ("郑", "zheng", 8),
    ("梁", "liang", 8),
    ("谢", "xie", 7),
    ("宋", "song", 7),
    ("唐", "tang", 7),
    ("许", "xu", 6),
    ("邓", "deng", 6),
    ("韩", "han", 6),
    ("冯", "feng", 6),
    ("曹", "cao", 6),
    ("彭", "peng", 5),
    ("曾", "zeng", 5),
    ("肖", "xiao", 5),
    ("田", "tian", 5),
    ("董", "dong", 5),
    ("潘", "pan", 4),
    ("袁", "yuan", 4),
    ("蔡", "cai", 4),
    ("蒋", "jiang", 4),
    ("余", "yu", 4),
    ("于", "yu", 4),
    ("杜", "du", 4),
    ("叶", "ye", 4),
    ("程", "cheng", 4),
    ("魏", "wei", 3),
    ("苏", "su", 3),
    ("吕", "lv", 3),
    ("丁", "ding", 3),
    ("任", "ren", 3),
    ("卢", "lu", 3),
    ("姚", "yao", 3),
    ("沈", "shen", 3),
    ("钟", "zhong", 3),
    ("姜", "jiang", 3),
    ("崔", "cui", 3),
    ("谭", "tan", 3),
    ("陆", "lu", 2),
    ("范", "fan", 2),
    ("汪", "wang", 2),
    ("廖", "liao", 2),
    ("石", "shi", 2),
    ("金", "jin", 2),
    ("贾", "jia", 2),
    ("夏", "xia", 2),
    ("欧阳", "ouyang", 1),
    ("司马", "sima", 1),
)

_GIVEN = (
    "思远 si yuan|子涵 zi han|浩然 hao ran|雨萱 yu xuan|俊杰 jun jie|欣怡 xin yi|"
    "志强 zhi qiang|嘉怡 jia yi|文博 wen bo|梓轩 zi xuan|诗涵 shi han|明轩 ming xuan|"
    "晓东 xiao dong|丽娟 li juan|建华 jian hua|海燕 hai yan|国栋 guo dong|静怡 jing yi|"
    "宇航 yu hang|佳琪 jia qi|天佑 tian you|若曦 ruo xi|振宇 zhen yu|婉清 wan qing|"
    "伟 wei|敏 min|静 jing|磊 lei|洋 yang|艳 yan|勇 yong|军 jun|杰 jie|娜 na|"
    "涛 tao|斌 bin|超 chao|芳 fang|鹏 peng|琳 lin|博 bo|颖 ying|晨 chen|婷 ting"
)
_GIVEN_NAMES = tuple(
    (part.split(" ", 1)[0], part.split(" ", 1)[1].replace(" ", "")) for part in _GIVEN.split("|")
)

# Characters that are common in Chinese company brand names (字号), with pinyin.
_BRAND = (
    "华hua 锐rui 恒heng 信xin 达da 通tong 泰tai 盛sheng 鑫xin 瑞rui 宏hong 嘉jia "
    "诚cheng 科ke 创chuang 联lian 智zhi 源yuan 博bo 远yuan 启qi 航hang 德de 丰feng "
    "润run 安an 康kang 永yong 昌chang 海hai 天tian 星xing 辰chen 卓zhuo 越yue 诺nuo "
    "凯kai 腾teng 捷jie 迅xun 亿yi 鼎ding 峰feng 汇hui 元yuan 弘hong 晟sheng 拓tuo "
    "睿rui 铭ming 宸chen 朗lang 易yi 优you 灵ling 驰chi 蓝lan 云yun 象xiang 禾he"
)
_BRAND_CHARS = tuple((token[0], token[1:]) for token in _BRAND.split())

# Industry words of company names, by GB/T 4754 section letter.
_INDUSTRY_WORDS: dict[str, tuple[str, ...]] = {
    "A": ("农业科技", "生态农业", "农产品"),
    "B": ("矿业", "能源开发"),
    "C": ("精密制造", "机械设备", "电子科技", "新材料", "五金制品", "智能装备", "电器"),
    "D": ("能源", "电力工程", "水务"),
    "E": ("建筑工程", "建设工程", "装饰工程"),
    "F": ("商贸", "贸易", "供应链管理", "电子商务", "进出口"),
    "G": ("物流", "供应链", "运输", "仓储服务"),
    "H": ("餐饮管理", "酒店管理"),
    "I": ("软件", "信息技术", "网络科技", "数据科技", "智能科技", "云计算"),
    "J": ("投资管理", "融资租赁", "保险代理", "资产管理"),
    "K": ("房地产开发", "物业管理", "置业"),
    "L": ("企业管理咨询", "商务咨询", "人力资源", "广告传媒"),
    "M": ("技术服务", "检测技术", "工程设计", "生物技术"),
    "N": ("环保科技", "环境工程", "园林绿化"),
    "O": ("家政服务", "汽车服务", "生活服务"),
    "P": ("教育科技", "教育咨询", "文化培训"),
    "Q": ("医疗科技", "健康管理", "医疗器械"),
    "R": ("文化传媒", "影视文化", "体育发展"),
    "S": ("公共服务", "城市建设"),
    "T": ("国际合作",),
}
_DEFAULT_WORDS = ("实业", "科技", "发展")

_SHOP_WORDS = (
    "商行",
    "便利店",
    "五金店",
    "餐饮店",
    "服装店",
    "烟酒店",
    "水果店",
    "家电经营部",
    "建材经营部",
    "美容美发店",
    "汽车维修部",
    "日用品店",
)
_INSTITUTION_UNITS = (
    "政务服务中心",
    "公共资源交易中心",
    "城市建设投资集团有限公司",
    "水务集团有限公司",
    "公共交通集团有限公司",
    "大数据管理中心",
    "人才发展服务中心",
    "供热有限公司",
    "城市运营管理中心",
    "燃气集团有限公司",
)
_COMPANY_MAILBOXES = ("info", "sales", "contact", "service", "bd", "purchase", "admin", "hr")
_COMPANY_DOMAINS = (".com", ".com.cn", ".cn", "-tech.com", "group.com")
_CN_MAIL = ("qq.com", "163.com", "126.com", "sina.com", "foxmail.com", "139.com")
_INTL_MAIL = ("gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com")


class NameMaker:
    """Name, e-mail and phone generation from a uniform random source."""

    def __init__(self) -> None:
        self._surnames = tuple((s, p) for s, p, _ in _SURNAMES)
        self._surname_cum = tuple(itertools.accumulate(w for _, _, w in _SURNAMES))
        self._surname_total = self._surname_cum[-1]

    def _surname(self, rnd: Uniform) -> tuple[str, str]:
        return self._surnames[bisect(self._surname_cum, rnd() * self._surname_total)]

    def person(self, rnd: Uniform) -> tuple[str, str, str]:
        """(full name, surname pinyin, given-name pinyin)."""
        surname, s_py = self._surname(rnd)
        given, g_py = pick(rnd, _GIVEN_NAMES)
        return surname + given, s_py, g_py

    def _brand(self, rnd: Uniform) -> tuple[str, str]:
        """Two distinct brand characters and their pinyin."""
        count = len(_BRAND_CHARS)
        first = int(rnd() * count)
        second = (first + 1 + int(rnd() * (count - 1))) % count
        (c1, p1), (c2, p2) = _BRAND_CHARS[first], _BRAND_CHARS[second]
        return c1 + c2, p1 + p2

    def company(
        self, rnd: Uniform, city: str, section: str, words: tuple[str, ...], employees: int
    ) -> tuple[str, str]:
        """(company name, brand pinyin), e.g. ('广州华锐精密制造有限公司', 'huarui')."""
        brand, brand_py = self._brand(rnd)
        word = pick(rnd, words or _INDUSTRY_WORDS.get(section, _DEFAULT_WORDS))
        roll = rnd()
        if employees >= 1000 and roll < 0.45:
            suffix = "股份有限公司" if roll < 0.3 else "集团有限公司"
        else:
            suffix = "股份有限公司" if roll < 0.08 else "有限公司"
        return f"{city}{brand}{word}{suffix}", brand_py

    def shop(self, rnd: Uniform, city: str) -> str:
        """A sole proprietorship such as '佛山陈记五金店'."""
        if rnd() < 0.5:
            return f"{city}{self._surname(rnd)[0]}记{pick(rnd, _SHOP_WORDS)}"
        return f"{city}{self._brand(rnd)[0]}{pick(rnd, _SHOP_WORDS)}"

    @staticmethod
    def institution(rnd: Uniform, city_full: str) -> str:
        """A public-sector unit or state-owned utility of a city."""
        return f"{city_full}{pick(rnd, _INSTITUTION_UNITS)}"

    @staticmethod
    def company_email(rnd: Uniform, brand_py: str) -> str:
        return f"{pick(rnd, _COMPANY_MAILBOXES)}@{brand_py}{pick(rnd, _COMPANY_DOMAINS)}"

    @staticmethod
    def person_email(rnd: Uniform, s_py: str, g_py: str, *, overseas: bool) -> str:
        if overseas:
            return f"{g_py}.{s_py}{int(rnd() * 100)}@{pick(rnd, _INTL_MAIL)}"
        if rnd() < 0.35:
            return f"{_number(rnd, 10_000_000, 3_000_000_000)}@qq.com"
        return f"{g_py}{s_py}{_number(rnd, 1970, 2006)}@{pick(rnd, _CN_MAIL)}"

    @staticmethod
    def mobile(rnd: Uniform) -> str:
        """A CN mobile number: 13x/15x/18x followed by eight digits."""
        return f"1{pick(rnd, '358')}{int(rnd() * 1_000_000_000):09d}"

    @staticmethod
    def landline(rnd: Uniform, area_code: str | None) -> str:
        """A company landline with the city's 区号, or a 400 hotline when unknown."""
        if area_code is None:
            return f"400-{_number(rnd, 100, 1000)}-{int(rnd() * 10_000):04d}"
        return f"{area_code}-{_number(rnd, 2, 9)}{int(rnd() * 10_000_000):07d}"

    @staticmethod
    def foreign_phone(rnd: Uniform, calling_code: str) -> str:
        return f"+{calling_code} {_number(rnd, 2, 10)}{int(rnd() * 10**8):08d}"
