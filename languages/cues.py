"""Words that, written in chat, point to one language of the region and not its neighbours.

Only words the neighbours do not share are listed: "duit", "tipu", "sudah" and "tolong" are
Malay and Indonesian alike, "di" is both and nothing in Vietnamese without its accents, "ko"
is Tagalog and Vietnamese chat. Short forms are included because that is how people type
("nk", "gk", "dc").
"""

# Letters with marks only Vietnamese among these languages uses, and the tone-marked vowels
# the others leave bare (two of those make Vietnamese; one "é" may be a loanword).
VIETNAMESE_ONLY_LETTERS = frozenset("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
VIETNAMESE_TONE_LETTERS = frozenset("àáãèéìíĩòóõùúũýỳ")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CUE_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        """
        the is my you your this that please pls was what how why and with from have has of or
        for not it on are will been
        """
    ),
    "ms": _words(
        """
        akaun wang nombor polis boleh tak takde tiada nak nk dah je ni mcm macam camne awak
        korang encik ringgit pejabat sahaja mahu kat dekat sikit telefon fon mesej talian
        percuma tahniah bungkusan kastam saman bil cukai waran kad mykad semalam esok petang
        jawatan pelaburan skim keldai pastu xde xleh x mintak pakwe makwe wei komisen peribadi
        sbb laa diorang kitorang sorang tkde takpe tkpe xtau tatau ape nape kenape
        camtu camni sgt jer kot tgk tengok hensem awek lepak mamak dak pulak cakap keje dpt
        kena kne mmg skrg dorang korg
        """
    ),
    "id": _words(
        """
        rekening uang nomor polisi bisa nggak ngga gak ga gk enggak udah udh aja banget bgt
        gimana gmn kok sih dong deh kalian gw gue lu loe mau kantor kurir paket ongkir pulsa
        investasi lowongan kerjaan kemarin besok sore tagihan pajak kartu ktp gratis pinjol
        bikin nih tuh kayak emang gitu lho loh dapet bener parah ojol bapak mbak rek rb kabar
        barusan sdh tdk bpk pak gan ente aj ajah kalo tokped rekber gmana cepet blum belom
        liat ngasih
        """
    ),
    "tl": _words(
        """
        ang ng mga sa ako mo po yung hindi naman lang siya niya kayo ba ito iyan yan daw raw
        pala talaga kasi pero ikaw natin namin sila ninyo nila pera padala piso salamat ano
        bakit paano saan kailan meron wala gusto pinadala nag mag kung dito doon ngayon kahapon
        bukas tapos sabi tumawag naloko manloloko nascam na tong yun nyo kong ung lng nman pano
        """
    ),
    "vi": _words(
        """
        toi bi lua dao tien khong roi cua duoc dc nguoi chuyen khoan ck stk trieu nghin nha giup
        minh oi vay nay goi dien thoai sdt voi nhan gui lam sao mat cong hoi zalo momo
        khong kg thay giong gi het dong pham kem mot nhung thoi qua bao nhieu mua
        """
    ),
}
