"""What recipes and reviews are made of: categories, names, steps, descriptions, reviews, ingredients, tags."""

from __future__ import annotations

from dataclasses import dataclass



# ------------------------------------------------------------------------------------------
# Recipe categories. Each recipe has one primary category that drives its nutrition (latent
# shifts in normal-score units, order of NUTRIENTS), ingredients (sweetness used to match
# ingredients), steps (cooking style), name (dish nouns), tags and minutes.
# share: fraction of recipes; steps: probabilities of (bake, stove, cold) middle steps.


@dataclass(frozen=True)
class Category:
    name: str
    share: float
    sweetness: float
    nutrition_shift: tuple[float, ...]
    minutes_shift: float
    size_shift: float  # shifts both n_steps and n_ingredients
    steps: tuple[float, float, float]
    dishes: tuple[str, ...]


CATEGORIES = (
    Category("main-dish", 0.29, 0.0, (0.5, 0.4, -0.6, 0.5, 1.0, 0.3, 0.0), 0.3, 0.35, (0.3, 0.6, 0.1),
             ("casserole", "stir fry", "skillet dinner", "bake", "tacos", "enchiladas", "pot pie",
              "stroganoff", "curry", "burgers", "kabobs", "roast", "lasagna", "fajitas", "meatloaf",
              "parmesan", "marsala", "piccata", "alfredo", "tetrazzini", "jambalaya", "pasta",
              "fried rice", "quesadillas", "sandwiches", "wraps", "pizza", "meatballs", "teriyaki",
              "scampi", "cacciatore", "burritos", "sloppy joes", "chops", "steaks", "ribs",
              "pot roast", "shepherd s pie", "goulash", "paella", "risotto", "tagine")),
    Category("desserts", 0.175, 1.0, (0.3, 0.2, 1.3, -0.6, -0.7, 0.5, 0.9), 0.2, 0.15, (0.8, 0.15, 0.05),
             ("cookies", "cake", "pie", "bars", "brownies", "cheesecake", "pudding", "cobbler", "crisp",
              "fudge", "tart", "ice cream", "cupcakes", "trifle", "mousse", "bread pudding", "squares",
              "truffles", "crumble", "pound cake", "bundt cake", "shortbread", "snickerdoodles",
              "frosting", "torte", "sorbet", "parfait", "candy", "bark", "cream pie", "dump cake")),
    Category("side-dishes", 0.11, 0.05, (-0.2, -0.1, -0.3, 0.1, -0.3, -0.2, 0.0), -0.1, -0.1, (0.3, 0.55, 0.15),
             ("casserole", "gratin", "pilaf", "slaw", "saute", "stuffing", "fries", "rice", "beans",
              "medley", "mashed potatoes", "roasted vegetables", "succotash", "hash browns", "au gratin",
              "stir fry", "fritters", "puree", "dressing")),
    Category("appetizers", 0.075, 0.1, (-0.1, 0.3, -0.3, 0.2, 0.0, 0.3, -0.3), -0.2, -0.1, (0.35, 0.35, 0.3),
             ("dip", "spread", "bites", "poppers", "wings", "cheese ball", "bruschetta", "deviled eggs",
              "roll ups", "crostini", "nachos", "stuffed mushrooms", "salsa", "skewers", "canapes",
              "pinwheels", "spring rolls", "meatballs", "quesadillas", "hummus")),
    Category("breakfast", 0.055, 0.4, (0.1, 0.1, 0.2, 0.0, 0.1, 0.1, 0.2), -0.2, 0.0, (0.5, 0.4, 0.1),
             ("pancakes", "waffles", "french toast", "omelet", "frittata", "quiche", "breakfast casserole",
              "muffins", "granola", "scones", "hash", "egg bake", "crepes", "coffee cake", "oatmeal",
              "breakfast burritos", "strata", "cinnamon rolls")),
    Category("salads", 0.05, 0.1, (-0.3, 0.0, -0.2, -0.1, -0.1, -0.3, -0.4), -0.6, -0.1, (0.0, 0.2, 0.8),
             ("salad", "slaw", "pasta salad", "potato salad", "chicken salad", "salad with vinaigrette",
              "tabbouleh", "caesar salad", "bean salad", "fruit salad")),
    Category("soups-stews", 0.05, 0.0, (-0.1, -0.2, -0.4, 0.7, 0.3, -0.2, -0.1), 0.4, 0.25, (0.05, 0.9, 0.05),
             ("soup", "stew", "chowder", "chili", "bisque", "gumbo", "stock", "minestrone", "broth",
              "bean soup", "noodle soup")),
    Category("breads", 0.045, 0.55, (0.2, -0.1, 0.2, 0.1, -0.2, -0.1, 0.8), 0.7, 0.0, (0.9, 0.05, 0.05),
             ("bread", "rolls", "biscuits", "muffins", "focaccia", "cornbread", "buns", "loaf",
              "flatbread", "bagels", "scones", "quick bread", "soda bread", "pretzels")),
    Category("beverages", 0.04, 0.8, (-0.6, -0.8, 0.8, -0.8, -0.8, -0.6, 0.4), -1.2, -0.8, (0.0, 0.15, 0.85),
             ("smoothie", "punch", "lemonade", "cocktail", "martini", "margarita", "shake", "iced tea",
              "cooler", "latte", "hot chocolate", "sangria", "liqueur", "slush", "eggnog", "mojito")),
    Category("sauces", 0.03, 0.15, (-0.6, 0.0, -0.1, 0.4, -0.7, -0.1, -0.6), -0.3, -0.3, (0.05, 0.6, 0.35),
             ("sauce", "dressing", "marinade", "glaze", "gravy", "rub", "salsa", "pesto", "vinaigrette",
              "chutney", "relish", "aioli", "seasoning mix", "jam", "syrup", "barbecue sauce")),
    Category("snacks", 0.03, 0.5, (0.0, 0.1, 0.4, -0.1, -0.3, 0.1, 0.3), -0.3, -0.3, (0.5, 0.2, 0.3),
             ("snack mix", "trail mix", "chips", "popcorn", "energy balls", "crackers", "granola bars",
              "roasted nuts", "pretzels", "rice krispie treats")),
    Category("other", 0.05, 0.2, (0.0,) * 7, 0.0, 0.0, (0.35, 0.35, 0.3),
             ("mix", "seasoning", "treats", "pickles", "jerky", "preserves", "spice blend",
              "dog biscuits", "play dough", "baby food", "butter", "infused oil")),
)
NAME_PREFIXES = (
    "easy", "best", "quick", "simple", "grandma s", "mom s", "creamy", "spicy", "healthy", "homemade",
    "classic", "crock pot", "low fat", "old fashioned", "southern", "amazing", "yummy", "delicious",
    "super easy", "my favorite", "the best", "perfect", "lighter", "baked", "grilled", "slow cooker",
    "quick and easy", "cheesy", "zesty", "tangy", "sweet and sour", "honey", "garlic", "lemon", "spiced",
    "country", "texas", "cajun", "italian", "mexican", "greek", "thai", "asian", "french", "german",
    "irish", "hawaiian", "southwestern", "mediterranean", "aunt bee s", "nana s", "5 minute",
    "30 minute", "one pot", "make ahead", "light", "vegan", "gluten free", "weight watchers", "copycat",
    "skinny", "rustic", "sunday", "company", "holiday", "christmas", "summer", "autumn", "winter",
    "kittencal s", "miss annie s", "uncle bill s", "sweet", "savory", "fresh", "hearty", "roasted",
    "smoky", "crispy", "fluffy", "moist", "chewy", "no bake", "overnight", "oven fried", "new york",
    "california", "tex mex", "indian", "moroccan", "jamaican", "cuban", "korean", "vietnamese",
)
NAME_SUFFIXES = (
    "for two", "for a crowd", "oamc", "ww", "low fat", "crock pot", "in a jar", "supreme", "deluxe",
    "for one", "diabetic", "vegetarian", "microwave", "gluten free", "low carb", "light", "copycat", "zwt",
    "in the oven",
)
# Told-apart variants of an already frequent name (disjoint from NAME_SUFFIXES so that texts differ).
NAME_VARIANTS = ("ii", "iii", "2", "my way", "revisited", "with a twist", "take two", "redux", "the original",
                 "my version", "reloaded", "again")
# Ingredients too common (or too minor) to name a dish after, and words marking minor ones.
NON_KEY_WORDS = frozenset((
    "dried", "ground", "powder", "juice", "sauce", "vinegar", "seasoning", "extract", "salt", "oil", "water",
    "zest", "flakes", "leaves", "paste", "spray", "mix", "broth", "stock", "soda", "yeast", "crumbs", "clove",
    "cloves", "pepper", "spice", "sprigs", "seeds", "cooking", "boiling", "warm", "cold", "hot", "ice", "sugar",
    "flour", "to", "taste", "of",
))
PANTRY_STAPLES = frozenset((
    "salt", "butter", "sugar", "water", "eggs", "egg", "olive oil", "flour", "milk", "pepper",
    "all-purpose flour", "baking powder", "salt and pepper", "baking soda", "vegetable oil", "vanilla",
    "black pepper", "vanilla extract", "oil", "unsalted butter", "brown sugar", "garlic", "garlic cloves",
    "onion", "garlic powder", "ice", "kosher salt", "pepper to taste", "salt to taste", "cooking spray",
    "shortening", "margarine", "granulated sugar", "powdered sugar", "cornstarch", "canola oil",
))

# ------------------------------------------------------------------------------------------
# Step templates: "{}" is filled with one of the recipe's ingredients. Style-specific pools.
STEP_FIRST = {
    "bake": (
        "preheat oven to 350 degrees", "preheat the oven to 375f",
        "preheat oven to 350f and grease a 9x13 inch pan", "grease and flour a 9 inch round cake pan",
        "line a baking sheet with parchment paper", "preheat oven to 400 degrees f",
        "spray a 9x13 inch baking dish with cooking spray", "preheat oven to 325 degrees and grease a loaf pan",
        "in a large bowl , combine {} and the dry ingredients",
    ),
    "stove": (
        "heat {} in a large skillet over medium heat", "in a large pot , heat {} over medium-high heat",
        "bring a large pot of salted water to a boil", "melt {} in a large saucepan over medium heat",
        "chop {} and set aside", "in a dutch oven , brown {} over medium-high heat", "rinse {} and pat dry",
        "dice {} into 1/2 inch pieces", "mince {}",
    ),
    "cold": (
        "wash and dry {}", "chop {} into bite-size pieces", "in a large bowl , whisk together {} and the vinegar",
        "combine all ingredients in a blender", "fill a tall glass with ice", "slice {} thinly",
        "in a small bowl , mix {} with the spices", "place {} in a large bowl",
    ),
}
STEP_MIDDLE = {
    "bake": (
        "in a large bowl , cream {} and sugar until light and fluffy", "beat in {} one at a time", "stir in {}",
        "add {} and mix until just combined", "sift together {} , baking soda and salt", "fold in {}",
        "pour batter into prepared pan", "spread {} evenly over the top",
        "bake for 25-30 minutes or until a toothpick inserted in the center comes out clean",
        "bake at 350 for 45 minutes", "let cool in pan for 10 minutes",
        "knead dough on a floured surface for 5 minutes", "cover and let rise in a warm place until doubled",
        "roll out dough to 1/4 inch thickness", "drop by rounded teaspoonfuls onto ungreased cookie sheets",
        "sprinkle with {}", "melt {} in a saucepan over low heat", "whisk {} until smooth",
        "refrigerate for at least 2 hours", "cut into squares",
        "gradually add {} , beating well after each addition", "press {} into the bottom of the pan",
        "bake until golden brown , about 20 minutes", "brush the top with {}", "whip {} until stiff peaks form",
        "combine {} and the melted butter", "transfer to a wire rack to cool completely",
        "toast {} in the oven for 8 minutes", "grate {} over the top",
        "microwave {} on high for 1 minute , stirring once",
    ),
    "stove": (
        "add {} and saute until tender , about 5 minutes", "stir in {} and cook for 2 minutes",
        "add {} and bring to a boil", "reduce heat and simmer for 20 minutes", "season with {} to taste",
        "brown {} on all sides", "drain off the fat", "add {} and stir to combine",
        "cover and simmer for 30 minutes , stirring occasionally", "cook {} according to package directions",
        "drain and set aside", "return {} to the pan", "whisk in {} until thickened",
        "marinate {} in the refrigerator for at least 1 hour",
        "grill over medium-high heat for 6-8 minutes per side", "place {} in a crock pot",
        "cook on low for 8 hours", "transfer to a 9x13 inch baking dish", "top with {}",
        "bake uncovered for 30 minutes", "fry {} in hot oil until golden brown", "remove from heat", "set aside",
        "mix well", "deglaze the pan with {}", "steam {} until crisp-tender", "toss {} with the sauce",
        "thicken with {} if desired", "mash {} with a fork", "shred {} with two forks", "roast {} for 25 minutes",
        "stir in {} and heat through", "add {} to the skillet", "braise {} for 2 hours", "broil for 3-4 minutes",
        "crush {} and add to the pot", "soak {} overnight", "simmer until {} is tender", "strain the broth",
        "add {} and cook until wilted", "saute {} in the butter until soft", "pour {} over the top",
    ),
    "cold": (
        "toss {} with the dressing", "chill for at least 1 hour", "whisk together {} and the lemon juice",
        "add {} and toss gently", "refrigerate until ready to serve", "arrange {} on a platter",
        "blend until smooth", "pour into glasses", "garnish with {}", "strain into a chilled glass", "stir in {}",
        "puree {} in a food processor", "combine {} in a large pitcher", "shake well with ice",
        "spread {} on each tortilla", "layer {} in a serving dish", "mix {} and the mayonnaise",
        "cover and refrigerate overnight", "freeze until firm", "pour {} over the salad",
    ),
}
STEP_LAST = ("serve immediately", "enjoy !", "serve hot", "serve warm with {}", "serve over rice",
             "garnish with {} and serve", "store in an airtight container", "serve chilled",
             "let cool completely before serving", "cut into wedges and serve", "serve with crusty bread",
             "refrigerate leftovers", "sprinkle with {} before serving", "slice and serve")
# Clauses appended to some middle steps (real steps are often long sentences).
STEP_CLAUSES = (" , stirring occasionally", " until golden brown", " , about 5 minutes", " and set aside",
                " , then remove from heat", " until well combined", " over medium heat", " until heated through",
                " for about 10 minutes", " until smooth and creamy", " , scraping down the sides of the bowl",
                " until the liquid is absorbed", " , covered", " until fragrant", " until bubbly and lightly browned",
                " , making sure not to overmix", " in batches if necessary")
STEP_CLAUSE_SHARE = 0.35
STEP_ONLY = ("combine all ingredients and mix well", "blend all ingredients until smooth",
             "mix {} with the remaining ingredients and serve", "stir together and enjoy !")

# ------------------------------------------------------------------------------------------
# Descriptions (lowercase like the real ones) with {name} and {ingredient} placeholders.
DESCRIPTION_SENTENCES = (
    "this is a quick and easy recipe that my family loves.",
    "i found this recipe in an old cookbook and changed it a bit.", "a great way to use up leftover {ingredient}.",
    "my mom used to make this every sunday.", "perfect for a busy weeknight.",
    "you can substitute {ingredient} if you like.", "this freezes well.", "from taste of home magazine.",
    "adapted from a recipe on the back of the box.", "serve with a green salad and crusty bread.",
    "i make this every year for the holidays.", "kids love it!", "posted for zwt.",
    "cooking time includes chilling time.", "a family favorite for years.",
    "i like to double the recipe and freeze half.", "yum", "great for potlucks.",
    "this is the best {name} i have ever had.", 'my husband calls this "the good stuff".', "from southern living.",
    "rachael ray", "so simple, yet so good!", "we had this at a friend's house and i had to have the recipe.",
    "the prep time does not include marinating time.", "very rich, so cut small pieces.",
    "this recipe comes from my grandmother, who made it for every church supper.", "easy to make ahead.",
    "light, fresh and full of flavor.", "you won't believe how easy this is.", "a real crowd pleaser.",
    "i created this when i had nothing else in the pantry.",
    "feel free to add more {ingredient} if you like it spicy.", "a healthy version of a classic {name}.",
    "this is my version of {name}.", "makes a great gift in a pretty jar.", "this is comfort food at its best!",
    "the sauce is wonderful over pasta or rice.", "do not skip the chilling step, it makes all the difference.",
    "low in fat but high in flavor.", "this was a hit at our last party.", "recipe from a local restaurant.",
    "cheap, filling and tasty.",
)

# ------------------------------------------------------------------------------------------
# Reviews: sentence pools per rating so that the vocabulary depends on the rating; "{}" takes
# one of the recipe's ingredients. Index = rating (0 = comment or question without stars).
REVIEW_SENTENCES = {
    5: (
        "This was absolutely delicious!", "Loved it!", "My whole family loved this.",
        "Perfect recipe, thanks for posting!", "This is a keeper.", "Will definitely make again.",
        "Best {} recipe ever.", "Wonderful flavor and so easy to make.",
        'My husband said it was "restaurant quality".', "Fantastic, I wouldn't change a thing.",
        "The {} really makes it.", "Excellent recipe, everyone asked for seconds.", "So moist and flavorful!",
        "Yummy!", "This is now a family favorite.", "Perfect for a weeknight dinner.", "Amazing, just amazing.",
        "I've made this three times already, it's that good.", "Thank you for a fabulous recipe!",
        "Made it for a party and it was gone in minutes.", "Absolutely perfect.", "Delicious and so simple.",
        "The kids loved it too!", "Awesome recipe, 5 stars!", "Outstanding, highly recommend.",
        "Great comfort food.", "Love, love, love this recipe.", "Incredible flavor.", "Superb!",
        "I added a little extra {} and it was perfect.", "This turned out beautifully.",
        "Made for ZWT, we loved it.", "A real winner in our house.", "Fabulous!",
        "So good, I could eat the whole pan.",
    ),
    4: (
        "Very good recipe.", "Pretty good, I will make it again.", "Good flavor, I added a bit more {}.",
        "Nice and easy.", "We enjoyed this.", "Tasty, but I used less sugar.", "Good recipe, thanks.",
        "I doubled the {} and it was great.", "Solid recipe, a little on the sweet side.",
        "Really good, but it needed more salt.", "Nice change from the usual.", "Quite good, my husband liked it.",
        "Tasty and filling.", "I would add more spices next time.", "Good, but took longer to cook than stated.",
        "Very nice.", "It was good, not great, but good.", "Enjoyed it with a side salad.",
        "I substituted {} and it worked well.", "Pretty tasty.", "Will make again with a few changes.",
    ),
    3: (
        "It was okay.", "Just okay, nothing special.", "A bit bland for our taste.", "Average.",
        "Not bad, but not great either.", "It needed something, maybe more {}.", "The texture was a little off.",
        "Okay, but I probably won't make it again.", "It was fine.", "Kind of plain.", "Too much {} for us.",
        "Edible, but it lacked flavor.", "Mediocre at best.", "It was a little dry.",
        "The family was lukewarm about it.", "Decent, but needs tweaking.",
    ),
    2: (
        "Disappointing.", "Not very good.", "Too salty for us.", "Very bland.", "It came out dry and tough.",
        "Sorry, we didn't care for this.", "The {} overpowered everything.", "Not what I expected.",
        "Way too sweet.", "I had to throw most of it out.", "Didn't work for me.", "The sauce was watery.",
        "Something is wrong with the measurements.", "Too greasy.",
    ),
    1: (
        "Terrible.", "Awful, inedible.", "This was a total failure.", "Yuck.", "Do not make this.",
        "Horrible flavor.", "Complete waste of {}.", "Nobody would eat it.", "Worst recipe I have tried.",
        "It burned following the directions.", "Inedible, sorry.", "Tasted awful.", "A disaster.",
    ),
    0: (
        "Can I use {} instead?", "What size pan do you use?", "I haven't tried this yet but it looks wonderful.",
        "Thanks for posting!", "Do you think this would freeze well?", "Is the oven temperature correct?",
        "How many servings does this make?", "Has anyone tried this with {}?", "Sounds great, I'll let you know.",
        "I made this but forgot to rate it.", "Could I make this ahead of time?", "Is that a typo in step 3?",
        "Looks delicious, bookmarked!", "Can this be made in a crock pot?", "What kind of {} do you recommend?",
        "Saving this for later.", "Reviewing for the recipe swap.", "Just wanted to say thanks.",
    ),
}
# Context sentences shared by all ratings: they give reviews their real length.
REVIEW_CONTEXT = (
    "I made this for dinner last night with a side of steamed broccoli and rice.",
    "I followed the recipe exactly as written, except that I baked it about ten minutes longer.",
    "My kids are picky eaters, but they cleaned their plates.",
    "I cut the recipe in half since it was just the two of us.", "I used {} because that's what I had on hand.",
    "I made this for a potluck at work.",
    "We had friends over for dinner and I tried this recipe for the first time.",
    "The prep took me a little longer than stated, but that's probably because I'm slow at chopping.",
    "I'm not a very experienced cook, so I appreciated the clear directions.",
    "Next time I might try it with {} instead.", "I made it the night before and reheated it the next day.",
    "Made for Tasty Tuesdays.", "I served it over egg noodles with a green salad on the side.",
    "I used a 9x13 pan and it fit perfectly.", "It took about 45 minutes total.",
    "I didn't have any {}, so I left it out.", "My oven runs hot, so I checked it early.",
    "I doubled the recipe for a crowd of twelve.", "This was my first time cooking with {}.",
    "I reduced the salt a bit because we're watching our sodium.", "Thanks for sharing, Chef!",
    "I found this while looking for something to do with the {} in my fridge.",
    "Prep was quick, and cleanup was even quicker.", "We ate it with crusty bread to soak up the sauce.",
)
SHORT_REVIEWS = {5: ("Yum!", "Great!", "Loved it", "Delicious!", "5 stars"), 4: ("Good", "Nice", "Tasty"),
                 3: ("Ok", "Meh", "Fine"), 2: ("Meh", "No"), 1: ("Bad", "Yuck"), 0: ("?", "Thanks!", "Yum")}

# ------------------------------------------------------------------------------------------
# Ingredient fallback when ingr_map.csv is not available (end-user installs): common names;
# the calibration's own top names are added on top of these.
FALLBACK_INGREDIENTS = (
    "cream cheese", "cheddar cheese", "mozzarella cheese", "chicken breasts", "boneless skinless chicken breasts",
    "ground beef", "carrots", "celery", "green onions", "red onion", "green bell pepper", "red bell pepper",
    "potatoes", "mushrooms", "fresh parsley", "dried oregano", "dried basil", "fresh basil", "cumin", "chili powder",
    "cayenne pepper", "nutmeg", "ground ginger", "fresh ginger", "ground cloves", "allspice", "bay leaves", "thyme",
    "rosemary", "dill", "cilantro", "heavy cream", "whipping cream", "buttermilk", "plain yogurt", "powdered sugar",
    "granulated sugar", "cornstarch", "cocoa powder", "semi-sweet chocolate chips", "chocolate chips", "walnuts",
    "pecans", "almonds", "raisins", "rolled oats", "shortening", "margarine", "light brown sugar", "molasses",
    "maple syrup", "corn syrup", "lemon", "lime", "lime juice", "orange juice", "lemon zest", "orange", "apples",
    "bananas", "strawberries", "blueberries", "raspberries", "cranberries", "pineapple", "peaches", "dijon mustard",
    "ketchup", "worcestershire sauce", "hot sauce", "balsamic vinegar", "red wine vinegar", "white vinegar",
    "cider vinegar", "rice vinegar", "sesame oil", "canola oil", "vegetable broth", "beef broth", "chicken stock",
    "dry white wine", "red wine", "beer", "rum", "vodka", "tequila", "diced tomatoes", "tomato paste",
    "tomato sauce", "salsa", "black beans", "kidney beans", "chickpeas", "corn", "frozen peas", "green beans",
    "broccoli", "spinach", "zucchini", "cabbage", "cucumber", "lettuce", "jalapeno", "shallots", "leeks",
    "sweet potatoes", "rice", "long-grain rice", "spaghetti", "pasta", "egg noodles", "elbow macaroni",
    "flour tortillas", "corn tortillas", "dry breadcrumbs", "panko breadcrumbs", "bread", "pie crust",
    "frozen puff pastry", "cream of mushroom soup", "cream of chicken soup", "feta cheese", "swiss cheese",
    "monterey jack cheese", "ricotta cheese", "cottage cheese", "shrimp", "salmon fillets", "tuna", "ground turkey",
    "pork chops", "pork tenderloin", "ham", "italian sausage", "sirloin steak", "lamb", "chicken thighs",
    "whole chicken", "turkey", "coconut milk", "peanut butter", "active dry yeast", "cool whip", "vanilla ice cream",
    "marshmallows", "sweetened condensed milk", "evaporated milk", "graham cracker crumbs", "yellow cake mix",
    "instant vanilla pudding mix", "unflavored gelatin", "ice", "club soda", "ginger ale", "orange liqueur", "coffee",
    "tea bags", "poppy seeds", "sesame seeds", "sunflower seeds", "flax seed", "capers", "black olives",
    "kalamata olives", "artichoke hearts", "sun-dried tomatoes", "pine nuts", "basil pesto", "curry powder",
    "turmeric", "garam masala", "ground coriander", "smoked paprika", "italian seasoning", "onion powder",
    "celery salt", "seasoning salt", "kosher salt", "sea salt", "fresh ground black pepper", "red pepper flakes",
    "cinnamon sticks", "bacon bits", "chicken wings", "beef stew meat", "crabmeat", "scallops", "tilapia fillets",
    "cod", "egg whites", "egg yolks", "half-and-half", "sour cream", "blue cheese", "goat cheese", "brie cheese",
    "parmesan", "romano cheese", "provolone cheese", "white sugar", "splenda", "agave nectar", "dark chocolate",
    "white chocolate chips", "butterscotch chips", "coconut flakes", "dates", "dried cranberries", "apricots",
    "mango", "kiwi", "watermelon", "grapes", "pears", "cherries", "plums", "rhubarb", "pumpkin puree",
    "butternut squash", "eggplant", "cauliflower", "asparagus spears", "brussels sprouts", "beets", "radishes",
    "red potatoes", "baby carrots", "frozen corn", "garbanzo beans", "lentils", "quinoa", "couscous", "barley",
)
INGREDIENT_MODIFIERS = (
    "fresh", "dried", "chopped", "diced", "minced", "sliced", "frozen", "canned", "low-fat", "fat-free",
    "reduced-sodium", "organic", "large", "small", "ground", "shredded", "grated", "unsweetened", "sweetened",
    "light", "lite", "boneless", "crushed", "toasted", "roasted", "smoked", "cooked", "uncooked", "whole",
    "raw", "baby", "fine", "coarse", "softened", "melted", "hot", "mild", "plain", "sharp", "white", "red",
    "green", "yellow", "dark", "sweet", "spicy", "homemade", "instant", "low sodium", "fresh ground", "thinly sliced",
    "finely chopped", "cubed", "halved", "peeled", "pitted", "seedless", "extra large", "jumbo", "mini", "wild",
)
# Keyword families (substring match on ingredient names) used by tags and sweetness.
MEAT_WORDS = ("chicken", "beef", "pork", "bacon", "ham", "sausage", "turkey", "lamb", "veal", "steak", "venison",
              "duck", "shrimp", "salmon", "tuna", "fish", "crab", "lobster", "scallop", "clam", "mussel", "cod",
              "tilapia", "halibut", "prosciutto", "pepperoni", "salami", "chorizo", "meat", "ribs", "brisket", "anchov")
SWEET_WORDS = {
    "sugar": 1.0, "chocolate": 1.0, "vanilla": 1.0, "cocoa": 1.0, "honey": 0.7, "syrup": 0.8, "caramel": 1.0,
    "marshmallow": 1.0, "sprinkles": 1.0, "cake": 0.9, "pudding": 0.9, "frosting": 1.0, "jam": 0.8, "jell": 0.9,
    "cinnamon": 0.8, "nutmeg": 0.6, "flour": 0.7, "baking": 0.9, "yeast": 0.5, "butter": 0.4, "egg": 0.3,
    "milk": 0.4, "cream": 0.4, "coconut": 0.7, "raisin": 0.7, "pecan": 0.6, "walnut": 0.5, "almond": 0.5,
    "banana": 0.8, "apple": 0.6, "strawberr": 0.8, "blueberr": 0.8, "raspberr": 0.8, "cherr": 0.7, "peach": 0.7,
    "pineapple": 0.6, "orange": 0.4, "lemon": 0.2, "ice cream": 1.0, "whipped": 0.9, "cool whip": 1.0,
    "graham": 1.0, "oats": 0.5, "rum": 0.4, "liqueur": 0.7, "juice": 0.3, "fruit": 0.6, "mango": 0.6,
    "onion": -0.8, "garlic": -0.9, "pepper": -0.5, "chicken": -1.0, "beef": -1.0, "pork": -1.0, "broth": -1.0,
    "stock": -1.0, "tomato": -0.8, "soy sauce": -0.8, "mustard": -0.6, "vinegar": -0.4, "cheddar": -0.6,
    "parmesan": -0.7, "mozzarella": -0.7, "oregano": -0.8, "basil": -0.7, "cumin": -0.9, "chili": -0.9,
    "bacon": -0.9, "sausage": -1.0, "shrimp": -1.0, "salmon": -1.0, "celery": -0.7, "carrot": -0.5,
    "potato": -0.7, "rice": -0.5, "pasta": -0.7, "mushroom": -0.8, "spinach": -0.8, "bean": -0.6,
    "worcestershire": -0.9, "thyme": -0.8, "rosemary": -0.7, "parsley": -0.7, "cilantro": -0.8, "salsa": -0.8,
}

# ------------------------------------------------------------------------------------------
# Tag vocabulary after the calibration's top 30, most frequent first (the frequency profile is
# assigned by rank). The empty tag "" is a real quirk (one recipe has it).
TAG_RANKED = """
holiday-event oven side-dishes poultry fruit eggs-dairy low-saturated-fat weeknight seasonal inexpensive
stove-top pasta-rice-and-grains low-fat american for-large-groups chicken european kid-friendly
appetizers comfort-food one-dish-meal healthy-2 beef small-appliance lunch presentation served-hot
low-protein cheese high-in-something high-protein breakfast summer christmas to-go salads pork brunch
soups-stews asian chocolate breads vegan winter spring fall savory ground-beef seafood sweet italian
beverages cookies-and-brownies potatoes berries pasta picnic southern-united-states mexican thanksgiving
cakes spicy chicken-breasts fish onions food-processor-blender potluck sauces for-1-or-2 tomatoes nuts
crock-pot-slow-cooker snacks served-cold citrus apples beans rice quick-breads casseroles diabetic
canadian greens very-low-carbs grilling bar-cookies egg-free freezer 1-day-or-more novelty pies-and-tarts
shrimp gifts romantic brown-bag stews mushrooms muffins yeast dips salad-dressings condiments-etc
stir-fry cocktails lemon bananas strawberries corn spinach broccoli carrots peppers turkey salmon tex-mex
middle-eastern californian cajun greek french chinese indian thai midwestern new-years easter halloween
st-patricks-day july-fourth super-bowl birthday camping wedding mothers-day fathers-day valentines-day
kosher gluten-free lactose high-calcium high-fiber pancakes-and-waffles eggs candy frozen-desserts
cheesecake puddings-and-mousses cupcakes brownies drop-cookies rolled-cookies punch smoothies shakes
non-alcoholic coffee-cafe spreads salsas gravies marinades-and-rubs jams-and-preserves canning stocks
chowders bisques-cream-soups clear-soups chili curries burgers sandwiches wraps pizza meatballs meatloaf
roast steak ribs ham bacon sausage lamb-sheep veal duck crab lobster scallops mussels clams tuna tilapia
cod halibut lentils black-beans chick-peas-garbanzos cauliflower cabbage eggplant zucchini squash
asparagus artichoke beets collard-greens peas green-yellow-beans cucumber avocado herbs almonds pecans
walnuts coconut mango pineapple peaches pears cherries blueberries raspberries grapes melons plums
oranges lime kiwifruit tropical-fruit whole-chicken chicken-thighs-legs pork-loins beef-ribs brisket
stuffings-dressings rolls-biscuits sourdough scones flat-breads tarts cobblers-and-crisps fudge ice-cream
spaghetti lasagna penne macaroni-and-cheese brown-rice long-grain-rice white-rice oatmeal grains
sweet-potatoes pressure-cooker microwave deep-fry broil bread-machine mixer refrigerator no-cook garnish
infant-baby-friendly toddler-friendly college cooking-mixes copycat heirloom-historical from-scratch
oamc-freezer-make-ahead 5-ingredients-or-less south-west-pacific japanese southwestern-united-states
new-england pacific-northwest hawaiian caribbean german spanish irish english scottish african moroccan
lebanese turkish russian polish hungarian scandinavian swedish norwegian danish finnish dutch belgian
austrian swiss portuguese czech egyptian south-african ethiopian nigerian cuban puerto-rican
south-american brazilian argentine peruvian chilean colombian venezuelan central-american australian
new-zealand korean vietnamese filipino indonesian malaysian pakistani iranian-persian iraqi
pennsylvania-dutch amish-mennonite native-american ontario quebec british-columbian creole cinco-de-mayo
hanukkah passover ramadan rosh-hashana kwanzaa chinese-new-year mardi-gras-carnival oktoberfest labor-day
memorial-day april-fools-day graduation baby-shower independence-day venison rabbit quail goose oysters
squid octopus catfish trout mahi-mahi sole-and-flounder bass perch pork-ribs pork-sausage chicken-livers
beef-liver ground-pork pot-pie pot-roast gumbo jambalaya dumplings crepes souffles fondue terrines pates
bok-choys pumpkin papaya plantains star-fruit dehydrator steam elk moose bear pheasant whitefish deer
beef-sausage turkey-breasts turkey-burgers chicken-crock-pot chicken-stews beef-crock-pot pork-crock-pot
lamb-sheep-main-dish veal-main-dish savory-pies savory-sauces sweet-sauces berries-and-grapes
ham-and-bean-soup potluck-dessert holiday-cocktails christmas-cookies thanksgiving-sides easter-brunch
halloween-treats super-bowl-snacks nuts-and-seeds chutneys pickeled high-fiber-bread whole-wheat-bread
cornbread hand-formed-cookies biscotti macaroons shortbread sugar-cookies lemon-bars
peanut-butter-cookies oatmeal-cookies chocolate-chip-cookies pound-cakes bundt-cakes coffee-cakes
angel-food-cakes layer-cakes sheet-cakes cream-pies fruit-pies custard-pies pecan-pies pumpkin-pies
apple-pies cherry-pies mousses trifles parfaits sorbets granitas popsicles milkshakes lemonades iced-tea
hot-drinks mulled-wine eggnog sangria margaritas martinis mojitos quinoa barley couscous wild-rice
risotto paella fried-rice noodles gnocchi ravioli tortellini beef-tenderloin prime-rib flank-steak
skirt-steak sirloin short-ribs corned-beef roast-beef beef-stew pork-shoulder pulled-pork spare-ribs
baby-back-ribs ham-steaks canadian-bacon pancetta prosciutto chorizo kielbasa bratwurst hot-dogs
pepperoni salami meatless tofu ragu-recipe-contest simply-potatoes2 micro-melanesia somalian sudanese
namibian libyan congolese angolan georgian mongolian nepalese palestinian cambodian laotian guatemalan
costa-rican honduran ecuadorean polynesian icelandic welsh saudi-arabian beijing hunan szechuan cantonese
sichuan-peppercorns baja manitoba saskatchewan nova-scotia newfoundland yukon
""".split()
# Generic "family" tags and their parents: a child tag is preferably given to recipes that
# already carry its parent (the hierarchy of the real vocabulary), so parents are drawn first.
TAG_PARENTS = {
    **dict.fromkeys(("15-minutes-or-less", "30-minutes-or-less", "60-minutes-or-less", "4-hours-or-less",
                     "1-day-or-more"), "time-to-make"),
    **dict.fromkeys(("main-dish", "desserts", "side-dishes", "appetizers", "breakfast", "salads", "soups-stews",
                     "breads", "beverages", "sauces", "snacks", "lunch", "brunch"), "course"),
    **dict.fromkeys(("meat", "poultry", "seafood", "vegetables", "fruit", "eggs-dairy", "pasta-rice-and-grains",
                     "beans", "cheese", "chocolate", "nuts"), "main-ingredient"),
    **dict.fromkeys(("beef", "pork", "lamb-sheep", "veal", "ground-beef", "steak", "ribs", "ham", "bacon",
                     "sausage", "venison", "rabbit", "elk", "moose", "bear", "deer", "brisket", "roast"), "meat"),
    **dict.fromkeys(("chicken", "turkey", "duck", "goose", "quail", "pheasant", "chicken-breasts",
                     "whole-chicken", "chicken-thighs-legs"), "poultry"),
    **dict.fromkeys(("fish", "shrimp", "crab", "lobster", "scallops", "mussels", "clams", "oysters", "squid",
                     "octopus", "salmon", "tuna", "tilapia", "cod", "halibut", "catfish", "trout"), "seafood"),
    **dict.fromkeys(("potatoes", "onions", "tomatoes", "greens", "mushrooms", "corn", "spinach", "broccoli",
                     "carrots", "peppers", "cauliflower", "cabbage", "eggplant", "zucchini", "squash", "asparagus",
                     "artichoke", "beets", "peas", "green-yellow-beans", "cucumber", "avocado", "sweet-potatoes",
                     "pumpkin"), "vegetables"),
    **dict.fromkeys(("berries", "citrus", "apples", "bananas", "strawberries", "lemon", "coconut", "mango",
                     "pineapple", "peaches", "pears", "cherries", "blueberries", "raspberries", "grapes", "melons",
                     "plums", "oranges", "lime", "kiwifruit", "tropical-fruit"), "fruit"),
    **dict.fromkeys(("pasta", "rice", "grains", "oatmeal", "brown-rice", "long-grain-rice", "white-rice"),
                    "pasta-rice-and-grains"),
    **dict.fromkeys(("north-american", "european", "asian", "middle-eastern", "african", "south-american",
                     "south-west-pacific", "caribbean", "central-american"), "cuisine"),
    **dict.fromkeys(("american", "canadian", "mexican"), "north-american"),
    **dict.fromkeys(("southern-united-states", "tex-mex", "californian", "cajun", "creole", "midwestern",
                     "southwestern-united-states", "new-england", "pacific-northwest", "hawaiian",
                     "pennsylvania-dutch", "amish-mennonite", "native-american"), "american"),
    **dict.fromkeys(("italian", "greek", "french", "german", "spanish", "irish", "english", "scottish",
                     "russian", "polish", "hungarian", "scandinavian", "dutch", "belgian", "austrian", "swiss",
                     "portuguese", "czech"), "european"),
    **dict.fromkeys(("chinese", "indian", "thai", "japanese", "korean", "vietnamese", "filipino", "indonesian",
                     "malaysian", "pakistani"), "asian"),
    **dict.fromkeys(("low-in-something", "high-in-something", "vegetarian", "vegan", "healthy", "healthy-2",
                     "diabetic", "gluten-free", "egg-free", "kosher", "lactose"), "dietary"),
    **dict.fromkeys(("low-sodium", "low-carb", "low-cholesterol", "low-calorie", "low-fat", "low-saturated-fat",
                     "low-protein", "very-low-carbs"), "low-in-something"),
    **dict.fromkeys(("high-protein", "high-calcium", "high-fiber"), "high-in-something"),
    **dict.fromkeys(("dinner-party", "holiday-event", "weeknight", "picnic", "potluck", "to-go", "romantic",
                     "camping", "birthday", "wedding", "gifts", "brown-bag", "seasonal"), "occasion"),
    **dict.fromkeys(("christmas", "thanksgiving", "easter", "halloween", "new-years", "valentines-day",
                     "st-patricks-day", "july-fourth", "super-bowl", "mothers-day", "fathers-day", "hanukkah",
                     "passover", "cinco-de-mayo"), "holiday-event"),
    **dict.fromkeys(("winter", "summer", "spring", "fall"), "seasonal"),
    **dict.fromkeys(("oven", "stove-top", "small-appliance", "microwave", "grilling", "refrigerator", "freezer",
                     "pressure-cooker", "deep-fry", "broil"), "equipment"),
    **dict.fromkeys(("crock-pot-slow-cooker", "food-processor-blender", "bread-machine", "mixer"),
                    "small-appliance"),
    **dict.fromkeys(("sweet", "savory", "spicy", "comfort-food"), "taste-mood"),
    **dict.fromkeys(("for-large-groups", "for-1-or-2"), "number-of-servings"),
    **dict.fromkeys(("cookies-and-brownies", "cakes", "pies-and-tarts", "candy", "frozen-desserts", "cheesecake",
                     "puddings-and-mousses", "cupcakes", "fudge", "ice-cream", "cobblers-and-crisps", "tarts"),
                    "desserts"),
    **dict.fromkeys(("bar-cookies", "brownies", "drop-cookies", "rolled-cookies"), "cookies-and-brownies"),
    **dict.fromkeys(("quick-breads", "yeast", "muffins", "rolls-biscuits", "sourdough", "scones", "flat-breads"),
                    "breads"),
    **dict.fromkeys(("cocktails", "punch", "smoothies", "shakes", "non-alcoholic", "coffee-cafe"), "beverages"),
    **dict.fromkeys(("stews", "chowders", "bisques-cream-soups", "clear-soups", "chili", "stocks", "gumbo"),
                    "soups-stews"),
    **dict.fromkeys(("salad-dressings", "gravies", "marinades-and-rubs", "salsas"), "sauces"),
    **dict.fromkeys(("dips", "spreads"), "appetizers"),
    **dict.fromkeys(("pancakes-and-waffles", "eggs"), "breakfast"),
    **dict.fromkeys(("casseroles", "stir-fry", "burgers", "sandwiches", "wraps", "pizza", "curries", "meatballs",
                     "meatloaf", "one-dish-meal"), "main-dish"),
    **dict.fromkeys(("spaghetti", "lasagna", "penne", "macaroni-and-cheese"), "pasta"),
    **dict.fromkeys(("easy", "3-steps-or-less", "5-ingredients-or-less", "beginner-cook", "no-cook",
                     "oamc-freezer-make-ahead", "from-scratch"), "preparation"),
}
# Ingredient keywords that attract a tag (recipes containing a matching ingredient first).
TAG_KEYWORDS = {
    "meat": MEAT_WORDS, "poultry": ("chicken", "turkey", "duck"), "chicken": ("chicken",),
    "chicken-breasts": ("chicken breast",), "beef": ("beef", "steak", "ground round"), "ground-beef": ("ground beef",),
    "pork": ("pork", "bacon", "ham", "sausage"),
    "seafood": ("shrimp", "crab", "salmon", "tuna", "fish", "scallop", "cod"),
    "fish": ("salmon", "tuna", "fish", "cod", "tilapia", "halibut", "trout"), "shrimp": ("shrimp",),
    "salmon": ("salmon",), "tuna": ("tuna",), "turkey": ("turkey",), "ham": ("ham",), "bacon": ("bacon",),
    "sausage": ("sausage",), "lamb-sheep": ("lamb",), "crab": ("crab",), "cheese": ("cheese", "parmesan", "cheddar"),
    "eggs-dairy": ("egg", "milk", "cheese", "cream", "yogurt"), "eggs": ("egg",), "chocolate": ("chocolate", "cocoa"),
    "pasta": ("pasta", "spaghetti", "noodle", "macaroni", "penne", "fettuccine", "linguine"), "rice": ("rice",),
    "potatoes": ("potato",), "tomatoes": ("tomato",), "onions": ("onion",), "apples": ("apple",),
    "berries": ("berr",), "strawberries": ("strawberr",), "blueberries": ("blueberr",),
    "citrus": ("lemon", "lime", "orange"),
    "lemon": ("lemon",), "lime": ("lime",), "nuts": ("nut", "almond", "pecan", "walnut"), "pecans": ("pecan",),
    "walnuts": ("walnut",), "almonds": ("almond",), "beans": ("bean",), "black-beans": ("black bean",),
    "mushrooms": ("mushroom",), "corn": ("corn",), "spinach": ("spinach",), "broccoli": ("broccoli",),
    "carrots": ("carrot",), "peppers": ("bell pepper", "jalapeno"), "zucchini": ("zucchini",), "squash": ("squash",),
    "bananas": ("banana",), "coconut": ("coconut",), "pineapple": ("pineapple",), "avocado": ("avocado",),
    "vegetables": ("onion", "carrot", "celery", "tomato", "pepper", "potato", "spinach", "broccoli", "zucchini",
                   "mushroom", "cabbage", "corn", "pea", "bean"),
    "fruit": ("apple", "banana", "berr", "lemon", "orange", "peach", "pineapple", "cherr", "mango", "grape"),
}
# Tags tied to a season or holiday: (day of year of the peak, half-width in days).
TAG_SEASONS = {
    "christmas": (350, 25), "thanksgiving": (320, 18), "halloween": (295, 15), "easter": (95, 18),
    "valentines-day": (40, 10), "st-patricks-day": (72, 8), "july-fourth": (182, 10), "super-bowl": (30, 12),
    "new-years": (362, 10), "mothers-day": (128, 8), "fathers-day": (165, 8), "cinco-de-mayo": (122, 6),
    "hanukkah": (345, 12), "passover": (100, 12), "winter": (20, 45), "spring": (110, 45), "summer": (200, 45),
    "fall": (290, 45), "seasonal": (340, 120), "holiday-event": (340, 60),
}
# Tags drawn towards low (negative weight) or high values of a nutrient (index in NUTRIENTS).
TAG_NUTRITION = {
    "low-calorie": (0, -1.5), "low-fat": (1, -1.5), "low-sodium": (3, -1.5), "low-protein": (4, -1.5),
    "low-saturated-fat": (5, -1.5), "low-cholesterol": (5, -1.2), "low-carb": (6, -1.5), "very-low-carbs": (6, -2.5),
    "diabetic": (2, -1.2), "healthy": (0, -0.7), "healthy-2": (0, -0.7), "low-in-something": (0, -0.8),
    "high-protein": (4, 1.5), "high-fiber": (6, 0.8), "desserts": (2, 1.0), "high-in-something": (4, 0.8),
}
# Tags drawn towards recipes whose steps use a technique.
TAG_TECHNIQUES = {
    "oven": ("bake", "roast", "broil"), "stove-top": ("simmer", "saute", "boil", "fry"), "microwave": ("microwave",),
    "crock-pot-slow-cooker": ("crock pot", "slow cook"), "food-processor-blender": ("blend", "puree"),
    "grilling": ("grill", "barbecue"), "deep-fry": ("fry",), "broil": ("broil",), "refrigerator": ("refrigerat",),
    "freezer": ("freez",), "equipment": ("bake", "simmer", "grill", "blend", "microwave"),
}
# Tags drawn towards short (negative) or long recipes: weight per step / ingredient / log-minute.
TAG_EFFORT = {
    "3-steps-or-less": ("n_steps", -1.2), "easy": ("n_steps", -0.15), "beginner-cook": ("n_steps", -0.2),
    "5-ingredients-or-less": ("n_ingredients", -1.2), "inexpensive": ("n_ingredients", -0.1),
    "weeknight": ("minutes", -0.6), "oamc-freezer-make-ahead": ("minutes", 0.5), "one-dish-meal": ("n_steps", 0.05),
    "presentation": ("n_steps", 0.1), "dinner-party": ("n_steps", 0.08),
}
# Minutes buckets of the time tags (inclusive upper bounds); longer recipes may get 1-day-or-more.
TIME_TAGS = (("15-minutes-or-less", 15), ("30-minutes-or-less", 30), ("60-minutes-or-less", 60),
             ("4-hours-or-less", 240))
